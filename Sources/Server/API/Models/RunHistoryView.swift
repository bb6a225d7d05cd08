/// One page of a server's run history (`GET /api/servers/:serverId/backups`).
struct RunHistoryPageView: Encodable, Sendable {
    /// Runs matching the filters, on every page.
    var total: Int
    var page: Int
    var pageSize: Int
    /// This page's runs, newest first.
    var items: [BackupRunView]
}

/// Which runs of a server the history lists.
struct RunHistoryFilter: Sendable {
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
    /// A job filter scans the job's `byJob` partition, otherwise the server's `byServer` one; only
    /// a status filter visits each entry of the range, and no run body is read here.
    func runHistory(serverId: String, filter: RunHistoryFilter, offset: Int, limit: Int) -> (total: Int, ids: [String]) {
        let (index, partition) =
            filter.backupName.map { (ParsedRun.byJob, ParsedRun.jobKey(serverId: serverId, backupName: $0)) }
            ?? (ParsedRun.byServer, serverId)
        let status = filter.status
        let page = store.read { view in
            view.scan(
                ParsedRun.self,
                index: index,
                partition: partition,
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
}
