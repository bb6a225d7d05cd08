/// Fleet-wide figures (`GET /api/summary`, and `summary` inside the dashboard).
struct FleetSummaryView: Encodable, Sendable {
    var totalServers: Int
    var totalBackupJobs: Int
    var totalBackupRuns: Int
    var totalBackupSize: Int64
    var totalStorageUsed: Int64
    var totalUploadedSize: Int64
    var successfulBackups: Int
    var warningBackups: Int
    var failedBackups: Int
    var overdueBackups: Int
    var secondsSinceLastBackup: Nullable<Int64>
    var lastBackupTime: Nullable<APIJSON.Timestamp>
    var lastUpdated: APIJSON.Timestamp

    /// The API's fields of `summary`.
    init(_ summary: FleetSummary) {
        totalServers = summary.servers
        totalBackupJobs = summary.jobs
        totalBackupRuns = summary.runs
        totalBackupSize = summary.backupSize
        totalStorageUsed = summary.storageUsed
        totalUploadedSize = summary.uploadedSize
        successfulBackups = summary.latestStatuses.successful
        warningBackups = summary.latestStatuses.warnings
        failedBackups = summary.latestStatuses.failed
        overdueBackups = summary.overdue
        secondsSinceLastBackup = Nullable(summary.secondsSinceLastBackup)
        lastBackupTime = Nullable(summary.lastBackupEnd.map(APIJSON.Timestamp.init))
        lastUpdated = APIJSON.Timestamp(summary.evaluatedAt)
    }
}
