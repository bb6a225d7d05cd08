/// One bucket of a chart series, in domain units (epoch milliseconds, bytes, 100-ns ticks).
struct ChartPoint: Sendable, Equatable {
    /// When the bucket begins.
    var bucketStart: Int64
    /// The begin time of the bucket's last run (across jobs: the latest of them).
    var lastRunTime: Int64
    /// Bytes uploaded by every run in the bucket (a flow: summed).
    var uploadedSize: Int64 = 0
    /// Time spent by every run in the bucket (a flow: summed), in 100-ns ticks — Duplicati's own
    /// resolution — so the sum is exact and the same in whatever order runs and days are added.
    var durationTicks: Int64 = 0
    /// Files in the source after the bucket's last run (a state).
    var fileCount: Int64 = 0
    /// Bytes in the source after the bucket's last run (a state).
    var fileSize: Int64 = 0
    /// Bytes at the destination after the bucket's last run (a state).
    var storageSize: Int64 = 0
    /// Versions at the destination after the bucket's last run (a state).
    var backupVersions: Int64 = 0
    /// Runs in the bucket.
    var runs: Int = 0

    /// Ticks in a second.
    static let ticksPerSecond: Double = 10_000_000

    /// Seconds spent by every run in the bucket.
    var durationSeconds: Double { Double(durationTicks) / Self.ticksPerSecond }

    /// A run's duration in whole ticks; what cannot be a duration (NaN, beyond ±29,000 years) is 0.
    static func ticks(seconds: Double) -> Int64 {
        let ticks = (seconds * ticksPerSecond).rounded()
        guard ticks.isFinite, abs(ticks) < 9.2e18 else { return 0 }
        return Int64(ticks)
    }

    /// Adds one more day of the same job, later than every day added before: flows summed, states
    /// and last-run time taken from it.
    mutating func add(_ day: ChartDay) {
        uploadedSize &+= day.uploadedSize
        durationTicks &+= day.durationTicks
        runs &+= Int(day.runs)
        lastRunTime = day.lastRunTime
        fileCount = day.fileCount
        fileSize = day.fileSize
        storageSize = day.storageSize
        backupVersions = Int64(day.versions)
    }

    /// Adds another job's point of the same bucket: every figure summed, the last-run time the later.
    mutating func add(job point: ChartPoint) {
        lastRunTime = max(lastRunTime, point.lastRunTime)
        uploadedSize &+= point.uploadedSize
        durationTicks &+= point.durationTicks
        fileCount &+= point.fileCount
        fileSize &+= point.fileSize
        storageSize &+= point.storageSize
        backupVersions &+= point.backupVersions
        runs &+= point.runs
    }
}
