import FlatStore

extension StoreView {
    /// The `byJob` partitions of one server's jobs: together they hold all of its runs.
    func jobPartitions(ofServer serverId: String) throws(StoreError) -> [String] {
        try partitions(ParsedRun.self, index: ParsedRun.byJob).filter { ParsedRun.serverId(ofJobKey: $0) == serverId }
    }

    /// A server's runs across its jobs in begin-time order, filtered and paged like one partition:
    /// the work grows with that server's runs and jobs, never with the fleet's runs.
    func scanRuns(
        ofServer serverId: String,
        from: Int64? = nil,
        to: Int64? = nil,
        descending: Bool = false,
        offset: Int = 0,
        limit: Int = .max,
        where predicate: ((RunSummary) -> Bool)? = nil
    ) throws(StoreError) -> ScanPage<RunSummary> {
        try scan(
            ParsedRun.self,
            index: ParsedRun.byJob,
            partitions: jobPartitions(ofServer: serverId),
            from: from,
            to: to,
            descending: descending,
            offset: offset,
            limit: limit,
            where: predicate
        )
    }
}
