/// One bucket of a chart series, in domain units (epoch milliseconds, bytes, seconds).
struct ChartPoint: Sendable, Equatable {
    /// When the bucket begins.
    var bucketStart: Int64
    /// The begin time of the bucket's last run (across jobs: the latest of them).
    var lastRunTime: Int64
    /// Bytes uploaded by every run in the bucket (a flow: summed).
    var uploadedSize: Int64 = 0
    /// Seconds spent by every run in the bucket (a flow: summed).
    var durationSeconds: Double = 0
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
}

/// The chart rules of api.md §4 as pure functions over run summaries, so they are testable without a store.
enum ChartAggregation {
    /// Folds one job's runs into buckets, oldest first: flows are summed, states are those of the
    /// bucket's last run by begin time (on a tie, the later one in `runs`).
    static func job(_ runs: [RunSummary], bucket: ChartBucket) -> [ChartPoint] {
        var points: [Int64: ChartPoint] = [:]
        for run in runs {
            let start = bucket.start(of: run.beginTime)
            var point = points[start] ?? ChartPoint(bucketStart: start, lastRunTime: run.beginTime)
            point.uploadedSize += run.uploadedSize
            point.durationSeconds += run.durationSeconds
            point.runs += 1
            if point.runs == 1 || run.beginTime >= point.lastRunTime {
                point.lastRunTime = run.beginTime
                point.fileCount = run.fileCount
                point.fileSize = run.fileSize
                point.storageSize = run.storageSize
                point.backupVersions = Int64(run.versions)
            }
            points[start] = point
        }
        return points.values.sorted { $0.bucketStart < $1.bucketStart }
    }

    /// Sums several jobs' series bucket by bucket, every field alike; the last-run time is the latest.
    static func combine(_ series: [[ChartPoint]]) -> [ChartPoint] {
        var totals: [Int64: ChartPoint] = [:]
        for point in series.joined() {
            guard var total = totals[point.bucketStart] else {
                totals[point.bucketStart] = point
                continue
            }
            total.lastRunTime = max(total.lastRunTime, point.lastRunTime)
            total.uploadedSize += point.uploadedSize
            total.durationSeconds += point.durationSeconds
            total.fileCount += point.fileCount
            total.fileSize += point.fileSize
            total.storageSize += point.storageSize
            total.backupVersions += point.backupVersions
            total.runs += point.runs
            totals[point.bucketStart] = total
        }
        return totals.values.sorted { $0.bucketStart < $1.bucketStart }
    }

    /// The chart of several jobs: each job bucketed on its own, then summed across jobs.
    static func series(jobs: [[RunSummary]], bucket: ChartBucket) -> [ChartPoint] {
        combine(jobs.map { job($0, bucket: bucket) })
    }
}
