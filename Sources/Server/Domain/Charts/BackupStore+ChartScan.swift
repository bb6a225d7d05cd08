import FlatStore

extension BackupStore {
    /// The same series as `chartPoints`, computed the direct way: every run of the range read from
    /// the `byJob` index and folded by `ChartAggregation`. Its cost grows with the runs charted; it
    /// is the reference the day aggregates (`ChartDays`) are verified against.
    func chartPointsByScanning(serverId: String?, backupName: String?, range: ChartRange, bucket: ChartBucket) throws -> [ChartPoint] {
        let runsByJob = try store.read { view in
            try view.partitions(ParsedRun.self, index: ParsedRun.byJob)
                .filter { Self.chartIncludes(job: $0, serverId: serverId, backupName: backupName) }
                .map { job in
                    try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: job, from: range.start, to: range.end)
                        .items.map(\.summary)
                }
        }
        return ChartAggregation.series(jobs: runsByJob, bucket: bucket)
    }

}
