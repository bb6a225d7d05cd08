/// One page of a server's run history, newest first, with links to the neighbouring pages.
struct RunHistorySection: Sendable {
    var rows: [Row]
    var total: Int
    var page: Int
    var pages: Int
    var previousLink: String?
    var nextLink: String?
    /// The page sizes offered.
    var sizes: [ServerPage.Choice]
    /// The selected job, whose whole history the delete button removes.
    var deleteJob: DeleteJob?

    /// One run.
    struct Row: Sendable {
        var backupName: String
        var time: PageTime
        var beginTime: Int64
        var status: StatusBadge
        var warnings: Int64
        var errors: Int64
        var versions: Int64
        var fileCount: String
        var fileCountValue: Int64
        var fileSize: String
        var fileSizeValue: Int64
        var uploaded: String
        var uploadedValue: Int64
        var duration: String
        var durationValue: Int64
        var storage: String
        var storageValue: Int64
        var link: String
    }

    /// The API request that deletes a job's history.
    struct DeleteJob: Sendable {
        var api: String
        var body: String
        var name: String
    }

    /// Whether the history has no runs.
    var isEmpty: Bool

    /// Row for each of `runs`, at `now`.
    static func rows(_ runs: [ParsedRun], now: Int64) -> [Row] {
        runs.map { run in
            Row(
                backupName: run.backupName,
                time: PageTime(run.beginTime, now: now),
                beginTime: run.beginTime,
                status: StatusBadge(run.status),
                warnings: run.warnings,
                errors: run.errors,
                versions: run.versions,
                fileCount: DisplayFormat.count(run.fileCount),
                fileCountValue: run.fileCount,
                fileSize: DisplayFormat.bytes(run.fileSize),
                fileSizeValue: run.fileSize,
                uploaded: DisplayFormat.bytes(run.uploadedSize),
                uploadedValue: run.uploadedSize,
                duration: DisplayFormat.duration(run.durationSeconds),
                durationValue: Int64(run.durationSeconds.rounded(.down)),
                storage: DisplayFormat.bytes(run.storageSize),
                storageValue: run.storageSize,
                link: PageRoute.runLink(serverId: run.serverId, runId: run.id)
            )
        }
    }
}
