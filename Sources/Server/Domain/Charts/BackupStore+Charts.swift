import FlatStore

extension BackupStore {
    /// The chart series (api.md §4) of the fleet, of one server, or of one job, oldest bucket first,
    /// holding only buckets that have runs.
    ///
    /// `serverId` must be a resolved id (use `server(_:)` for ids or names); nil charts every server.
    /// `backupName` narrows to the jobs of that name (with `serverId`: the one job). Unknown ids give
    /// an empty series; callers that must answer 404 check `server(_:)` and `hasJob` first.
    func chartPoints(serverId: String?, backupName: String?, range: ChartRange, bucket: ChartBucket) throws -> [ChartPoint] {
        let runsByJob = try store.read { view in
            try chartJobs(view, serverId: serverId, backupName: backupName).map { job in
                try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: job, from: range.start, to: range.end)
                    .items.map(\.summary)
            }
        }
        return ChartAggregation.series(jobs: runsByJob, bucket: bucket)
    }

    /// Whether the server has any stored run under `backupName`.
    func hasJob(serverId: String, backupName: String) throws -> Bool {
        let key = ParsedRun.jobKey(serverId: serverId, backupName: backupName)
        return try store.read { view in try view.count(ParsedRun.self, index: ParsedRun.byJob, partition: key) > 0 }
    }

    /// The `byJob` partitions a chart reads: an exact key when both parts are known, otherwise
    /// the partitions filtered on the server (the text before the first `:`) and the name (after it).
    private func chartJobs(_ view: StoreView, serverId: String?, backupName: String?) throws -> [String] {
        if let serverId, let backupName { return [ParsedRun.jobKey(serverId: serverId, backupName: backupName)] }
        return try view.partitions(ParsedRun.self, index: ParsedRun.byJob).filter { key in
            guard let split = key.firstIndex(of: ":") else { return false }
            if let serverId, key[..<split] != serverId { return false }
            if let backupName, key[key.index(after: split)...] != backupName { return false }
            return true
        }
    }
}
