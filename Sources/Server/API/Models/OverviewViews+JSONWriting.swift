import FlatStore

// The dashboard is 700 jobs in one answer; written directly it costs a fraction of `JSONEncoder`.
// `APIJSONWritingTests` compares each with `APIJSON.encoder()`.

extension DashboardView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("lastUpdated")
        json.timestamp(lastUpdated)
        json.key("servers")
        json.beginArray()
        for server in servers { try server.write(to: &json) }
        json.endArray()
        json.key("summary")
        try summary.write(to: &json)
        json.endObject()
    }
}

extension DashboardServerView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("alias")
        json.string(alias)
        json.key("backups")
        json.beginArray()
        for job in backups { try job.write(to: &json) }
        json.endArray()
        json.key("id")
        json.string(id)
        json.key("lastSeen")
        json.timestamp(lastSeen)
        json.key("name")
        json.string(name)
        json.key("note")
        json.string(note)
        json.key("overallStatus")
        json.string(overallStatus)
        json.endObject()
    }
}

extension JobStatusView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("durationSeconds")
        try json.double(durationSeconds)
        json.key("errors")
        json.int(errors)
        json.key("expectedBackupAt")
        json.timestamp(expectedBackupAt)
        json.key("expectedSource")
        json.string(expectedSource)
        json.key("fileCount")
        json.int(fileCount)
        json.key("fileSize")
        json.int(fileSize)
        json.key("lastBackup")
        json.timestamp(lastBackup)
        json.key("lastBackupId")
        json.string(lastBackupId)
        json.key("name")
        json.string(name)
        json.key("notificationEvent")
        json.string(notificationEvent)
        json.key("overdue")
        json.bool(overdue)
        json.key("recentStatuses")
        json.beginArray()
        for status in recentStatuses { json.string(status) }
        json.endArray()
        json.key("runCount")
        json.int(runCount)
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

extension FleetSummaryView: APIJSONWritable {
    /// Writes the members in key order.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("failedBackups")
        json.int(failedBackups)
        json.key("lastBackupTime")
        json.nullable(lastBackupTime) { $0.timestamp($1) }
        json.key("lastUpdated")
        json.timestamp(lastUpdated)
        json.key("overdueBackups")
        json.int(overdueBackups)
        json.key("secondsSinceLastBackup")
        json.nullable(secondsSinceLastBackup) { $0.int($1) }
        json.key("successfulBackups")
        json.int(successfulBackups)
        json.key("totalBackupJobs")
        json.int(totalBackupJobs)
        json.key("totalBackupRuns")
        json.int(totalBackupRuns)
        json.key("totalBackupSize")
        json.int(totalBackupSize)
        json.key("totalServers")
        json.int(totalServers)
        json.key("totalStorageUsed")
        json.int(totalStorageUsed)
        json.key("totalUploadedSize")
        json.int(totalUploadedSize)
        json.key("warningBackups")
        json.int(warningBackups)
        json.endObject()
    }
}
