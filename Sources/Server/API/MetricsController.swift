import Hummingbird

/// The routes for JSON metrics and the Prometheus exposition.
struct MetricsController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from.
    let clock: any WallClock
    /// The request counts that `RequestCounterMiddleware` keeps.
    let requests: RequestCounter
    /// What notification delivery did.
    let deliveries: DeliveryRecord
    /// When the application was built (epoch ms), for the uptime and `startTime`.
    let startedAt: Int64

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.metrics, use: metrics)
    }

    /// `GET metrics`: the process, the store and the fleet in one JSON document (api.md §6).
    @Sendable
    func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        let jobs = try backups.jobs(now: now)
        let view = MetricsView(
            system: .probe(directory: backups.store.options.directory, uptimeSeconds: Int(max(0, now - startedAt) / 1000)),
            application: MetricsView.Application(
                version: AppVersion.current,
                startTime: APIJSON.Timestamp(startedAt),
                requests: requests.snapshot()
            ),
            store: MetricsView.Store(backups.store.statistics()),
            backups: MetricsView.Backups(try backups.fleetActivity(jobs: jobs, now: now)),
            notifications: MetricsView.Notifications(deliveries.current)
        )
        var response = try APIResponse.success(view).response(from: request, context: context)
        // Every figure changes from one scrape to the next.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `GET /metrics`: the Prometheus text exposition of the fleet and of every job.
    @Sendable
    func prometheus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        let jobs = try backups.jobs(now: now)
        let activity = try backups.fleetActivity(jobs: jobs, now: now)
        let document = PrometheusExposition.duplistatus(
            jobs: jobs,
            servers: backups.servers(),
            activity: activity,
            storedRuns: backups.storedRuns.value,
            deliveries: deliveries.current
        )
        let bytes = ByteBuffer(string: document.text)
        return Response(
            status: .ok,
            headers: [
                .contentType: PrometheusExposition.contentType, .contentLength: String(bytes.readableBytes),
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: bytes)
        )
    }
}

extension MetricsController {
    /// Registers `GET /metrics` (Prometheus text format) at the router's root.
    func addRootRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics", use: prometheus)
    }
}
