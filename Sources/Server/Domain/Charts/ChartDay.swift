/// One job's runs of one UTC day, folded as a chart needs them: the flows summed, the states of the
/// day's last run. 64 bytes, no references: a job's days are one dense array.
struct ChartDay: Sendable, Equatable {
    /// The begin time of the day's first run (epoch ms): a range that starts inside the day but
    /// before it still holds the whole day.
    var firstRunTime: Int64
    /// The begin time of the day's last run (epoch ms); it also says which day this is.
    var lastRunTime: Int64
    /// Bytes uploaded by the day's runs.
    var uploadedSize: Int64
    /// Time spent by the day's runs, in 100-ns ticks (see `ChartPoint.durationTicks`).
    var durationTicks: Int64
    /// Files in the source after the day's last run.
    var fileCount: Int64
    /// Bytes in the source after the day's last run.
    var fileSize: Int64
    /// Bytes at the destination after the day's last run.
    var storageSize: Int64
    /// Runs of the day.
    var runs: Int32
    /// Versions at the destination after the day's last run.
    var versions: Int32

    /// The day of one run.
    init(_ run: RunSummary) {
        firstRunTime = run.beginTime
        lastRunTime = run.beginTime
        uploadedSize = run.uploadedSize
        durationTicks = ChartPoint.ticks(seconds: run.durationSeconds)
        fileCount = run.fileCount
        fileSize = run.fileSize
        storageSize = run.storageSize
        runs = 1
        versions = run.versions
    }

    /// The epoch day (days since 1970-01-01, UTC).
    var day: Int64 { ChartBucket.day(of: lastRunTime) }

    /// Adds a run of the same day that the index holds after every run already added: its states
    /// replace the day's when it begins at or after the day's last run (so on a tie, the later one).
    mutating func add(_ run: RunSummary) {
        uploadedSize &+= run.uploadedSize
        durationTicks &+= ChartPoint.ticks(seconds: run.durationSeconds)
        runs &+= 1
        firstRunTime = min(firstRunTime, run.beginTime)
        guard run.beginTime >= lastRunTime else { return }
        lastRunTime = run.beginTime
        fileCount = run.fileCount
        fileSize = run.fileSize
        storageSize = run.storageSize
        versions = run.versions
    }

    /// The days of `runs` (in index order: by begin time, ties in the order stored), oldest first.
    static func days(of runs: some Sequence<RunSummary>) -> [ChartDay] {
        var days: [ChartDay] = []
        for run in runs {
            if let last = days.indices.last, days[last].day == ChartBucket.day(of: run.beginTime) {
                days[last].add(run)
            } else {
                days.append(ChartDay(run))
            }
        }
        return days
    }
}
