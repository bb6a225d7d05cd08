/// One point of a chart series (api.md §4): a bucket's date, its last run and its summed figures.
struct ChartPointView: Encodable, Sendable, Equatable {
    /// The UTC date the bucket begins, `"2024-03-20"`.
    var date: String
    /// When the bucket's last run began (across jobs: the latest), ISO 8601 with milliseconds.
    var isoDate: APIJSON.Timestamp
    var uploadedSize: Int64
    /// `durationSeconds / 60`, rounded to 2 decimals for display.
    var durationMinutes: Double
    var durationSeconds: Double
    var fileCount: Int64
    var fileSize: Int64
    var storageSize: Int64
    var backupVersions: Int64
    var runs: Int

    /// The API's fields of `point`.
    init(_ point: ChartPoint) {
        date = ChartBucket.utcDate(point.bucketStart)
        isoDate = APIJSON.Timestamp(point.lastRunTime)
        uploadedSize = point.uploadedSize
        durationMinutes = (point.durationSeconds / 60 * 100).rounded() / 100
        durationSeconds = point.durationSeconds
        fileCount = point.fileCount
        fileSize = point.fileSize
        storageSize = point.storageSize
        backupVersions = point.backupVersions
        runs = point.runs
    }
}
