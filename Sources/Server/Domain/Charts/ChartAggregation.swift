/// The chart rules of api.md §4 as pure functions over run summaries, so they are testable without a
/// store. `BackupStore.chartPoints` answers from `ChartDays` instead; these are the reference it is
/// checked against (`chartPointsByScanning`).
enum ChartAggregation {
    /// Folds one job's runs into buckets, oldest first: flows are summed, states are those of the
    /// bucket's last run by begin time (on a tie, the later one in `runs`).
    static func job(_ runs: [RunSummary], bucket: ChartBucket) -> [ChartPoint] {
        var points: [Int64: ChartPoint] = [:]
        for run in runs {
            let start = bucket.start(of: run.beginTime)
            var point = points[start] ?? ChartPoint(bucketStart: start, lastRunTime: run.beginTime)
            point.uploadedSize &+= run.uploadedSize
            point.durationTicks &+= ChartPoint.ticks(seconds: run.durationSeconds)
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
            if totals[point.bucketStart] == nil {
                totals[point.bucketStart] = point
            } else {
                totals[point.bucketStart]?.add(job: point)
            }
        }
        return totals.values.sorted { $0.bucketStart < $1.bucketStart }
    }

    /// `totals` (several jobs summed, oldest first) with each state summed over every job as it
    /// stood at the bucket: a job without a run in a bucket counts with its latest earlier point,
    /// where api.md §4 counts it as nothing. `jobs` are the jobs' own series, oldest first.
    ///
    /// For the pages' charts: a daily job beside a weekly one made the storage of "all jobs" jump
    /// between one job's and both jobs' every week, while it did not change.
    static func carryingStates(_ totals: [ChartPoint], jobs: [[ChartPoint]]) -> [ChartPoint] {
        var positions = [Int](repeating: 0, count: jobs.count)
        var latest = [ChartPoint?](repeating: nil, count: jobs.count)
        return totals.map { total in
            var point = total
            (point.fileCount, point.fileSize, point.storageSize, point.backupVersions) = (0, 0, 0, 0)
            for index in jobs.indices {
                let series = jobs[index]
                while positions[index] < series.count, series[positions[index]].bucketStart <= total.bucketStart {
                    latest[index] = series[positions[index]]
                    positions[index] += 1
                }
                guard let state = latest[index] else { continue }
                point.fileCount &+= state.fileCount
                point.fileSize &+= state.fileSize
                point.storageSize &+= state.storageSize
                point.backupVersions &+= state.backupVersions
            }
            return point
        }
    }

    /// The chart of several jobs: each job bucketed on its own, then summed across jobs.
    static func series(jobs: [[RunSummary]], bucket: ChartBucket) -> [ChartPoint] {
        combine(jobs.map { job($0, bucket: bucket) })
    }
}
