import Hummingbird

/// The routes for time series for the charts (api.md §4): the fleet, one server, one job.
struct ChartDataController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from: the default end of a chart.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.chartAggregated, use: aggregated)
        group.on(.chartServer, use: server)
        group.on(.chartJob, use: job)
    }

    /// Every job of every server, summed per bucket.
    @Sendable
    func aggregated(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[ChartPointView]> {
        let query = try ChartQuery(ReadQuery(request), now: clock.now())
        return .success(try series(serverId: nil, backupName: nil, query))
    }

    /// Every job of one server (by id or name), summed per bucket; 404 for an unknown server.
    @Sendable
    func server(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[ChartPointView]> {
        let server = try ReadQuery.server(context, in: backups)
        let query = try ChartQuery(ReadQuery(request), now: clock.now())
        return .success(try series(serverId: server.id, backupName: nil, query))
    }

    /// One job; 404 when the server is unknown or has no run under that backup name.
    @Sendable
    func job(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[ChartPointView]> {
        let server = try ReadQuery.server(context, in: backups)
        let backupName = ReadQuery.pathParameter("backupName", context)
        guard try backups.hasJob(serverId: server.id, backupName: backupName) else {
            throw APIError(
                .notFound,
                "Backup job '\(backupName.prefix(80))' not found on server '\(server.name.prefix(80))'",
                details: ["serverId": .string(server.id), "backupName": .string(backupName)]
            )
        }
        let query = try ChartQuery(ReadQuery(request), now: clock.now())
        return .success(try series(serverId: server.id, backupName: backupName, query))
    }

    /// The domain's series for `query`, as points of the API.
    func series(serverId: String?, backupName: String?, _ query: ChartQuery) throws -> [ChartPointView] {
        try backups.chartPoints(serverId: serverId, backupName: backupName, range: query.range, bucket: query.bucket)
            .map(ChartPointView.init)
    }
}

/// The query every chart route takes: `startDate`, `endDate` and `bucket`, each validated with a 400.
struct ChartQuery: Sendable, Equatable {
    /// The instants charted.
    var range: ChartRange
    /// The width of one point.
    var bucket: ChartBucket

    /// Reads the query; a missing end is `now`, a missing start is 365 days before the end.
    ///
    /// A date-only `endDate` ("2024-03-31") means the end of that UTC day, as a person choosing
    /// a last day expects that day's runs to be included.
    init(_ query: ReadQuery, now: Int64) throws {
        let bucketText = query.text("bucket")?.lowercased() ?? ChartBucket.day.rawValue
        guard let bucket = ChartBucket(rawValue: bucketText) else {
            throw APIError(
                .validation,
                "Query parameter 'bucket' must be day, week or month, got '\(bucketText.prefix(40))'",
                details: ["parameter": "bucket"]
            )
        }
        let end = try query.endTimestamp("endDate") ?? now
        let start = try query.timestamp("startDate") ?? end - ChartRange.defaultSpan
        guard start <= end else {
            throw APIError(
                .validation,
                "Query parameter 'startDate' must not be after 'endDate' (which defaults to now)",
                details: ["parameter": "startDate"]
            )
        }
        self.range = ChartRange(start: start, end: end)
        self.bucket = bucket
    }
}
