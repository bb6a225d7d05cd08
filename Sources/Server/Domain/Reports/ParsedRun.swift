/// One backup run as normalized from an upload: every field of the API's `BackupRun` plus the
/// log lines and everything else the sender wrote, so nothing received is thrown away.
/// Times are epoch milliseconds (UTC) in memory and ISO 8601 text in the stored body; sizes are bytes.
package struct ParsedRun: Codable, Sendable, Equatable {
    /// The largest count or size a run may hold: 2^53 − 1, beyond any real backup (8 PiB) and the
    /// largest whole number a JavaScript client reads exactly. Totals sum such figures over every
    /// job, and a bound far below 64 bits keeps them from overflowing.
    static let largestFigure: Int64 = (1 << 53) - 1
    /// The longest run a report may claim, in seconds (about 317 years).
    static let longestDurationSeconds: Double = 1e10

    /// The run's stable id, `RunIdentity.runId(serverId:backupName:beginTime:)`.
    var id: String
    var serverId: String
    /// `machine-name`, or the machine-id when the report has none (Duplicati 2.0.8.1).
    var serverName: String
    var backupName: String
    /// Duplicati's job id (`DB-<n>`), when the report carries `backup-id`.
    var duplicatiBackupId: String?
    var status: Status
    @StoredTime var beginTime: Int64
    @StoredTime var endTime: Int64
    var durationSeconds: Double
    var fileCount: Int64
    var fileSize: Int64
    var uploadedSize: Int64
    var storageSize: Int64
    var versions: Int64
    /// Versions on the destination after the run, newest first; empty when the report does not say.
    @StoredTimes var availableVersions: [Int64]
    /// Counts as Duplicati reported them (`*ActualLength`), which may exceed the lines sent.
    var warnings: Int64
    var errors: Int64
    var messages: Int64
    var files: Files
    var backend: Backend
    var interrupted: Bool
    var partialBackup: Bool
    var dryrun: Bool
    /// The release name, e.g. "2.1.0.5_stable_2025-03-04".
    var duplicatiVersion: String?
    /// The top-level `Exception` of a failed run (Duplicati 2.0.8+), shown with its errors.
    var exception: String?
    var logs: Logs
    /// Every string-valued `Extra` entry, known keys included.
    var extra: [String: String]
    /// What the report held beyond the fields above, verbatim: for Duplicati, `raw["Data"]` has the
    /// Data keys that are unmapped or mapped with loss (BeginTime's 7-digit fraction, Version,
    /// ParsedResult, nested results…), `raw["Extra"]` the non-string Extra values (null), and any
    /// unknown top-level key sits under its own name.
    var raw: ReportObject

    /// The name the report gave, nil when `serverName` is only the machine-id fallback, so the
    /// store can keep a known name instead of overwriting it with the id.
    var reportedServerName: String? {
        extra["machine-name"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A run's outcome in Duplicati's spelling.
    package enum Status: String, Codable, Sendable, CaseIterable {
        case success = "Success"
        case warning = "Warning"
        case error = "Error"
        case fatal = "Fatal"
        case unknown = "Unknown"

        /// Case-insensitive lookup ("success", "ERROR"); "failed"/"failure" mean Error for scripts.
        init?(loose text: String) {
            let lowered = ReportText.trimmed(text).lowercased()
            if let match = Status.allCases.first(where: { $0.rawValue.lowercased() == lowered }) {
                self = match
            } else if lowered == "failed" || lowered == "failure" {
                self = .error
            } else {
                return nil
            }
        }
    }

    /// File counters of the run (what changed in the source).
    package struct Files: Codable, Sendable, Equatable {
        var added: Int64 = 0
        var deleted: Int64 = 0
        var modified: Int64 = 0
        var opened: Int64 = 0
        var examined: Int64 = 0
        var notProcessed: Int64 = 0
        var tooLarge: Int64 = 0
        var withError: Int64 = 0
        var addedFolders: Int64 = 0
        var deletedFolders: Int64 = 0
        var modifiedFolders: Int64 = 0
        var addedSymlinks: Int64 = 0
        var deletedSymlinks: Int64 = 0
        var modifiedSymlinks: Int64 = 0
        var sizeOfAdded: Int64 = 0
        var sizeOfModified: Int64 = 0
        var sizeOfOpened: Int64 = 0
    }

    /// Destination statistics of the run (`Data.BackendStatistics`).
    package struct Backend: Codable, Sendable, Equatable {
        var bytesDownloaded: Int64 = 0
        var filesUploaded: Int64 = 0
        var filesDownloaded: Int64 = 0
        var filesDeleted: Int64 = 0
        var remoteCalls: Int64 = 0
        var retryAttempts: Int64 = 0
        var knownFileCount: Int64 = 0
        /// The newest version on the destination (epoch ms); nil when Duplicati did not know it.
        @StoredOptionalTime var lastBackupDate: Int64?
        /// Bytes; 0 when the destination cannot tell, as Duplicati reports it.
        var quotaTotal: Int64 = 0
        var quotaFree: Int64 = 0
        var reportedQuotaError = false
        var reportedQuotaWarning = false
    }

    /// The log entries as sent, split by level.
    package struct Logs: Codable, Sendable, Equatable {
        var messages: [String] = []
        var warnings: [String] = []
        var errors: [String] = []
        /// True when Duplicati cut the list (`send-http-max-log-lines`) and wrote "... and N more".
        var truncated = false
        /// The N of that marker: entries Duplicati left out.
        var omittedLines: Int64 = 0
        /// The level of each entry in the order they were sent (`M`, `W`, `E`), so the list can be
        /// given back as sent; nil in runs stored before it was kept.
        var order: String?
    }
}
