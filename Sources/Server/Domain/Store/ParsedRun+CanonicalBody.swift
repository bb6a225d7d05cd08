import FlatStore

// Every upload writes a run, its logs and when its server was seen; `JSONEncoder` spent a quarter
// of an upload's CPU on them. These write the same bytes directly (`CanonicalBodyTests` compares
// the two on every sample report). Keys go in ascending order, as the canonical form sorts them;
// a new stored property must be added here too, or the comparison fails.

extension ParsedRun {
    /// The run's body, byte for byte what `JSONEncoder` writes with sorted keys.
    package func canonicalBody() throws(StoreError) -> [UInt8] {
        var json = CanonicalJSONWriter(capacity: 2048)
        json.beginObject()
        json.key("availableVersions")
        json.beginArray()
        for version in availableVersions { json.isoTimestamp(epochMilliseconds: version) }
        json.endArray()
        json.key("backend")
        backend.write(to: &json)
        json.key("backupName")
        json.string(backupName)
        json.key("beginTime")
        json.isoTimestamp(epochMilliseconds: beginTime)
        json.key("dryrun")
        json.bool(dryrun)
        json.member("duplicatiBackupId", ifPresent: duplicatiBackupId)
        json.member("duplicatiVersion", ifPresent: duplicatiVersion)
        json.key("durationSeconds")
        try json.double(durationSeconds)
        json.key("endTime")
        json.isoTimestamp(epochMilliseconds: endTime)
        json.key("errors")
        json.int(errors)
        json.member("exception", ifPresent: exception)
        json.key("extra")
        json.beginObject()
        for (name, value) in CanonicalJSONWriter.sortedMembers(extra) {
            json.key(name)
            json.string(value)
        }
        json.endObject()
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
        json.key("logs")
        logs.write(to: &json)
        json.key("messages")
        json.int(messages)
        json.key("partialBackup")
        json.bool(partialBackup)
        json.key("raw")
        try ReportJSON.object(raw).write(to: &json)
        json.key("serverId")
        json.string(serverId)
        json.key("serverName")
        json.string(serverName)
        json.key("status")
        json.string(status.rawValue)
        json.key("storageSize")
        json.int(storageSize)
        json.key("uploadedSize")
        json.int(uploadedSize)
        json.key("versions")
        json.int(versions)
        json.key("warnings")
        json.int(warnings)
        json.endObject()
        return json.bytes
    }
}

extension RunLogRecord {
    /// The logs' body, byte for byte what `JSONEncoder` writes with sorted keys.
    func canonicalBody() throws(StoreError) -> [UInt8] {
        var json = CanonicalJSONWriter(capacity: 4096)
        json.beginObject()
        json.key("id")
        json.string(id)
        json.key("logs")
        logs.write(to: &json)
        json.endObject()
        return json.bytes
    }
}

extension ServerSeenRecord {
    /// The body, byte for byte what `JSONEncoder` writes with sorted keys (one per upload).
    func canonicalBody() throws(StoreError) -> [UInt8] {
        var json = CanonicalJSONWriter(capacity: 96)
        json.beginObject()
        json.key("id")
        json.string(id)
        json.key("lastSeen")
        json.isoTimestamp(epochMilliseconds: lastSeen)
        json.endObject()
        return json.bytes
    }
}

extension ParsedRun.Logs {
    fileprivate func write(to json: inout CanonicalJSONWriter) {
        json.beginObject()
        json.key("errors")
        json.strings(errors)
        json.key("messages")
        json.strings(messages)
        json.key("omittedLines")
        json.int(omittedLines)
        json.member("order", ifPresent: order)
        json.key("truncated")
        json.bool(truncated)
        json.key("warnings")
        json.strings(warnings)
        json.endObject()
    }
}

extension ParsedRun.Files {
    /// Writes the counters in key order (the stored body and the API share this shape).
    func write(to json: inout CanonicalJSONWriter) {
        let members: KeyValuePairs<String, Int64> = [
            "added": added, "addedFolders": addedFolders, "addedSymlinks": addedSymlinks, "deleted": deleted,
            "deletedFolders": deletedFolders, "deletedSymlinks": deletedSymlinks, "examined": examined, "modified": modified,
            "modifiedFolders": modifiedFolders, "modifiedSymlinks": modifiedSymlinks, "notProcessed": notProcessed, "opened": opened,
            "sizeOfAdded": sizeOfAdded, "sizeOfModified": sizeOfModified, "sizeOfOpened": sizeOfOpened, "tooLarge": tooLarge,
            "withError": withError,
        ]
        json.beginObject()
        for (name, value) in members {
            json.key(name)
            json.int(value)
        }
        json.endObject()
    }
}

extension ParsedRun.Backend {
    fileprivate func write(to json: inout CanonicalJSONWriter) {
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
        if let lastBackupDate {
            json.key("lastBackupDate")
            json.isoTimestamp(epochMilliseconds: lastBackupDate)
        }
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

extension ReportJSON {
    /// Writes the value as the JSON it came from, object members in canonical order.
    func write(to json: inout CanonicalJSONWriter) throws(StoreError) {
        switch self {
        case .null: json.null()
        case .bool(let value): json.bool(value)
        case .int(let value): json.int(value)
        case .double(let value): try json.double(value)
        case .string(let value): json.string(value)
        case .array(let elements):
            json.beginArray()
            for element in elements { try element.write(to: &json) }
            json.endArray()
        case .object(let members):
            json.beginObject()
            for (name, value) in members {
                json.key(name)
                try value.write(to: &json)
            }
            json.endObject()
        }
    }
}

extension CanonicalJSONWriter {
    fileprivate mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }
}
