import Hummingbird

/// The routes for the server list, one server, its run history and its overdue detail.
struct ServersController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from: the overdue verdicts and the default chart end.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.servers, use: servers)
        group.on(.server, use: server)
        group.on(.serverBackups, use: serverBackups)
        group.on(.detail, use: detail)
    }

    /// Every server by name with its job and run counts; `?includeBackups=true` adds its jobs.
    @Sendable
    func servers(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[ServerStatusView]> {
        let includeBackups = try ReadQuery(request).flag("includeBackups")
        return .success(try backups.serversWithJobs(now: clock.now()).map { ServerStatusView($0, includeBackups: includeBackups) })
    }

    /// One server with its jobs and the statistics of its history; 404 for an unknown server.
    @Sendable
    func server(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerDetailView> {
        let query = ReadQuery(request)
        let includeChartData = try query.flag("includeChartData")
        let record = try ReadQuery.server(context, in: backups)
        let now = clock.now()
        let entry = try backups.serverWithJobs(record, now: now)
        var detail = ServerDetailView(
            server: ServerStatusView(entry, includeBackups: true),
            statistics: ServerStatisticsView(try backups.serverStatistics(serverId: record.id, jobs: entry.jobs))
        )
        if includeChartData {
            // The same series as `chart-data/server/:serverId`, honouring its startDate/endDate/bucket.
            let chart = try ChartQuery(query, now: now)
            detail.chartData = try backups.chartPoints(serverId: record.id, backupName: nil, range: chart.range, bucket: chart.bucket)
                .map(ChartPointView.init)
        }
        return .success(detail)
    }

    /// The server with each job's overdue verdict explained; 404 for an unknown server.
    @Sendable
    func detail(_ request: Request, context: AppRequestContext) async throws -> APIResponse<OverdueDetailView> {
        let record = try ReadQuery.server(context, in: backups)
        let now = clock.now()
        return .success(OverdueDetailView(OverdueReport(try backups.serverWithJobs(record, now: now), states: backups.overdueStates(), now: now)))
    }
}

extension ServersController {
    /// A server's runs, newest first, filtered and paged on the server; 400 naming a bad parameter.
    ///
    /// Only the bodies of the requested page are read from disk; a page past the end is empty
    /// and still carries the total.
    @Sendable
    func serverBackups(_ request: Request, context: AppRequestContext) async throws -> APIResponse<RunHistoryPageView> {
        let query = ReadQuery(request)
        let (page, pageSize) = try query.paging()
        let filter = try Self.historyFilter(query)
        let server = try ReadQuery.server(context, in: backups)
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        let found = try backups.runHistory(serverId: server.id, filter: filter, offset: overflow ? .max : offset, limit: pageSize)
        let runs = try backups.runs(found.ids)
        return .success(
            RunHistoryPageView(total: found.total, page: page, pageSize: pageSize, items: runs.map(BackupRunView.init))
        )
    }

    /// `backupName`, `status` (Duplicati's names, any case), `from` and `to` (ISO 8601, inclusive; a
    /// date alone as `to` names its whole day).
    static func historyFilter(_ query: ReadQuery) throws -> RunHistoryFilter {
        var filter = RunHistoryFilter(backupName: query.text("backupName"))
        if let text = query.text("status") {
            // Exactly one of the five, any case: the loose reading's "failed" means Error only, and
            // a script asking for failed runs would silently miss the Fatal ones.
            guard let status = ParsedRun.Status.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
                throw APIError(
                    .validation,
                    "Query parameter 'status' must be Success, Warning, Error, Fatal or Unknown, got '\(text.prefix(40))'",
                    details: ["parameter": "status"]
                )
            }
            filter.status = status
        }
        filter.from = try query.timestamp("from")
        filter.to = try query.endTimestamp("to")
        if let from = filter.from, let to = filter.to, from > to {
            throw APIError(.validation, "Query parameter 'from' must not be after 'to'", details: ["parameter": "from"])
        }
        return filter
    }
}
