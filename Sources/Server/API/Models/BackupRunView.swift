/// A backup run as the API shows it (api.md `BackupRun`), without logs.
struct BackupRunView: Encodable, Sendable {
    var id: String
    var serverId: String
    var serverName: String
    var backupName: String
    var duplicatiBackupId: Nullable<String>
    var status: String
    var beginTime: APIJSON.Timestamp
    var endTime: APIJSON.Timestamp
    var durationSeconds: Double
    var duration: APIJSON.Duration
    var fileCount: Int64
    var fileSize: Int64
    var uploadedSize: Int64
    var storageSize: Int64
    var versions: Int64
    var availableVersions: [APIJSON.Timestamp]
    var warnings: Int64
    var errors: Int64
    var messages: Int64
    var files: ParsedRun.Files
    var backend: BackendView
    var interrupted: Bool
    var partialBackup: Bool
    var dryrun: Bool
    var duplicatiVersion: Nullable<String>

    /// The backend statistics, with `lastBackupDate` as a timestamp.
    struct BackendView: Encodable, Sendable {
        var bytesDownloaded, filesUploaded, filesDownloaded, filesDeleted: Int64
        var remoteCalls, retryAttempts, knownFileCount: Int64
        var lastBackupDate: Nullable<APIJSON.Timestamp>
        var quotaTotal, quotaFree: Int64
        var reportedQuotaError, reportedQuotaWarning: Bool
    }

    /// The API's fields of `run`.
    init(_ run: ParsedRun) {
        id = run.id
        serverId = run.serverId
        serverName = run.serverName
        backupName = run.backupName
        duplicatiBackupId = Nullable(run.duplicatiBackupId)
        status = run.status.rawValue
        beginTime = APIJSON.Timestamp(run.beginTime)
        endTime = APIJSON.Timestamp(run.endTime)
        durationSeconds = run.durationSeconds
        duration = APIJSON.Duration(seconds: run.durationSeconds)
        fileCount = run.fileCount
        fileSize = run.fileSize
        uploadedSize = run.uploadedSize
        storageSize = run.storageSize
        versions = run.versions
        availableVersions = run.availableVersions.map(APIJSON.Timestamp.init)
        warnings = run.warnings
        errors = run.errors
        messages = run.messages
        files = run.files
        let backend = run.backend
        self.backend = BackendView(
            bytesDownloaded: backend.bytesDownloaded,
            filesUploaded: backend.filesUploaded,
            filesDownloaded: backend.filesDownloaded,
            filesDeleted: backend.filesDeleted,
            remoteCalls: backend.remoteCalls,
            retryAttempts: backend.retryAttempts,
            knownFileCount: backend.knownFileCount,
            lastBackupDate: Nullable(backend.lastBackupDate.map(APIJSON.Timestamp.init)),
            quotaTotal: backend.quotaTotal,
            quotaFree: backend.quotaFree,
            reportedQuotaError: backend.reportedQuotaError,
            reportedQuotaWarning: backend.reportedQuotaWarning
        )
        interrupted = run.interrupted
        partialBackup = run.partialBackup
        dryrun = run.dryrun
        duplicatiVersion = Nullable(run.duplicatiVersion)
    }
}
