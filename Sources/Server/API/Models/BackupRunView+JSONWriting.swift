import FlatStore

// A history page is 50 runs; written directly, not through `JSONEncoder`.
// `APIJSONWritingTests` compares each with `APIJSON.encoder()`.

extension RunHistoryPageView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("items")
        json.beginArray()
        for item in items { try item.write(to: &json) }
        json.endArray()
        json.key("page")
        json.int(page)
        json.key("pageSize")
        json.int(pageSize)
        json.key("total")
        json.int(total)
        json.endObject()
    }
}

extension BackupRunView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("availableVersions")
        json.beginArray()
        for version in availableVersions { json.timestamp(version) }
        json.endArray()
        json.key("backend")
        backend.write(to: &json)
        json.key("backupName")
        json.string(backupName)
        json.key("beginTime")
        json.timestamp(beginTime)
        json.key("dryrun")
        json.bool(dryrun)
        json.key("duplicatiBackupId")
        json.nullable(duplicatiBackupId) { $0.string($1) }
        json.key("duplicatiVersion")
        json.nullable(duplicatiVersion) { $0.string($1) }
        json.key("duration")
        json.string(duration.text)
        json.key("durationSeconds")
        try json.double(durationSeconds)
        json.key("endTime")
        json.timestamp(endTime)
        json.key("errors")
        json.int(errors)
        json.key("fileCount")
        json.int(fileCount)
        json.key("fileSize")
        json.int(fileSize)
        json.key("files")
        files.write(to: &json)
        json.key("id")
        json.string(id)
        json.key("interrupted")
        json.bool(interrupted)
        json.key("messages")
        json.int(messages)
        json.key("partialBackup")
        json.bool(partialBackup)
        json.key("serverId")
        json.string(serverId)
        json.key("serverName")
        json.string(serverName)
        json.key("status")
        json.string(status)
        json.key("storageSize")
        json.int(storageSize)
        json.key("uploadedSize")
        json.int(uploadedSize)
        json.key("versions")
        json.int(versions)
        json.key("warnings")
        json.int(warnings)
        json.endObject()
    }
}

extension BackupRunView.BackendView {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) {
        json.beginObject()
        json.key("bytesDownloaded")
        json.int(bytesDownloaded)
        json.key("filesDeleted")
        json.int(filesDeleted)
        json.key("filesDownloaded")
        json.int(filesDownloaded)
        json.key("filesUploaded")
        json.int(filesUploaded)
        json.key("knownFileCount")
        json.int(knownFileCount)
        json.key("lastBackupDate")
        json.nullable(lastBackupDate) { $0.timestamp($1) }
        json.key("quotaFree")
        json.int(quotaFree)
        json.key("quotaTotal")
        json.int(quotaTotal)
        json.key("remoteCalls")
        json.int(remoteCalls)
        json.key("reportedQuotaError")
        json.bool(reportedQuotaError)
        json.key("reportedQuotaWarning")
        json.bool(reportedQuotaWarning)
        json.key("retryAttempts")
        json.int(retryAttempts)
        json.endObject()
    }
}
