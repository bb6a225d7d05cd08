/// One backup job on the dashboard (api.md `JobStatus`).
struct JobStatusView: Encodable, Sendable {
    var name: String
    var lastBackupId: String
    var status: String
    var lastBackup: APIJSON.Timestamp
    var durationSeconds: Double
    var fileCount: Int64
    var fileSize: Int64
    var storageSize: Int64
    var uploadedSize: Int64
    var versions: Int32
    var warnings: Int32
    var errors: Int32
    var runCount: Int
    var recentStatuses: [String]
    var overdue: Bool
    var expectedBackupAt: APIJSON.Timestamp
    /// Where `expectedBackupAt` comes from: `configured`, `duplicati`, `inferred` or `default`.
    var expectedSource: String
    /// Which new runs notify (the job's settings).
    var notificationEvent: String

    /// The API's fields of `job`.
    init(_ job: JobState) {
        let run = job.lastRun
        name = job.backupName
        lastBackupId = job.lastRunId
        status = run.status.rawValue
        lastBackup = APIJSON.Timestamp(run.beginTime)
        durationSeconds = run.durationSeconds
        fileCount = run.fileCount
        fileSize = run.fileSize
        storageSize = run.storageSize
        uploadedSize = run.uploadedSize
        versions = run.versions
        warnings = run.warnings
        errors = run.errors
        runCount = job.runCount
        recentStatuses = job.recentStatuses.map(\.rawValue)
        overdue = job.verdict.isOverdue
        expectedBackupAt = APIJSON.Timestamp(job.verdict.expectedAt)
        expectedSource = job.verdict.source.rawValue
        notificationEvent = job.settings.notificationEvent.rawValue
    }
}

/// A server reference (api.md `ServerRef`).
struct ServerRefView: Encodable, Sendable {
    var id: String
    var name: String
    var alias: String
    var note: String

    /// The reference to `server`.
    init(_ server: ServerRecord) {
        id = server.id
        name = server.name
        alias = server.alias
        note = server.note
    }
}
