/// Which runs of a server the history lists.
struct RunHistoryFilter: Sendable, Equatable {
    /// Only this job's runs.
    var backupName: String?
    /// Only runs with this status.
    var status: ParsedRun.Status?
    /// Only runs that began at or after this instant (epoch ms).
    var from: Int64?
    /// Only runs that began at or before this instant (epoch ms).
    var to: Int64?
}

extension BackupStore {
    /// The ids of one page of a server's runs, newest first, and how many runs match in all.
    ///
    /// A job filter scans the job's `byJob` partition, otherwise all of the server's jobs' merged;
    /// only a status filter visits each entry of the range, and no run body is read here.
    func runHistory(serverId: String, filter: RunHistoryFilter, offset: Int, limit: Int) throws -> (total: Int, ids: [String]) {
        let status = filter.status
        let page = try store.read { view in
            try view.scan(
                ParsedRun.self,
                index: ParsedRun.byJob,
                partitions: filter.backupName.map { [ParsedRun.jobKey(serverId: serverId, backupName: $0)] }
                    ?? view.jobPartitions(ofServer: serverId),
                from: filter.from,
                to: filter.to,
                descending: true,
                offset: offset,
                limit: limit,
                where: status.map { wanted in { $0.status == wanted } }
            )
        }
        return (page.total, page.items.map(\.key))
    }

    /// The runs of `ids` in order; a run deleted since its id was read is skipped, not an error.
    func runs(_ ids: [String]) throws -> [ParsedRun] {
        try ids.compactMap { try run($0) }
    }

    /// The newest run of `serverId` across its jobs, from the newest entries of its jobs' partitions.
    func newestRun(ofServer serverId: String) throws -> ParsedRun? {
        let newest = try store.read { view in
            try view.scanRuns(ofServer: serverId, descending: true, limit: 1).items.first?.key
        }
        return try newest.flatMap(run)
    }

    /// The newest run of each of `jobs`, in their order.
    func newestRuns(of jobs: [JobState]) throws -> [ParsedRun] {
        try runs(jobs.map(\.lastRunId))
    }
}
