import FoundationEssentials

/// A backup run as the API shows it (api.md `BackupRun`), without logs.
struct BackupRunView: Encodable, Sendable {
    var id: String
    var serverId: String
    var serverName: String
    var backupName: String
    var duplicatiBackupId: Nullable<String>
    var status: String
    var beginTime: String
    var endTime: String
    var durationSeconds: Double
    var duration: String
    var fileCount: Int64
    var fileSize: Int64
    var uploadedSize: Int64
    var storageSize: Int64
    var versions: Int64
    var availableVersions: [String]
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
        var lastBackupDate: Nullable<String>
        var quotaTotal, quotaFree: Int64
        var reportedQuotaError, reportedQuotaWarning: Bool
    }

    init(_ run: ParsedRun) {
        id = run.id
        serverId = run.serverId
        serverName = run.serverName
        backupName = run.backupName
        duplicatiBackupId = Nullable(run.duplicatiBackupId)
        status = run.status.rawValue
        beginTime = APITime.string(run.beginTime)
        endTime = APITime.string(run.endTime)
        durationSeconds = run.durationSeconds
        duration = APITime.clock(run.durationSeconds)
        fileCount = run.fileCount
        fileSize = run.fileSize
        uploadedSize = run.uploadedSize
        storageSize = run.storageSize
        versions = run.versions
        availableVersions = run.availableVersions.map(APITime.string)
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
            lastBackupDate: Nullable(backend.lastBackupDate.map(APITime.string)),
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

/// Epoch milliseconds as the API's timestamps and durations as `HH:MM:SS`.
enum APITime {
    /// `2024-01-15T10:30:00.000Z`, exact to the millisecond (no trip through `Double`).
    static func string(_ milliseconds: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: milliseconds)
    }

    /// Seconds as `HH:MM:SS` (hours may exceed 24).
    static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds.rounded(.down)))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(hours)):\(two(minutes)):\(two(secs))"
    }

    /// Now, in epoch milliseconds.
    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
