import FlatStore
import FoundationEssentials
import Hummingbird

/// The routes for JSON metrics and the Prometheus exposition.
struct MetricsController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// The request counts; nil until `RequestCounterMiddleware` is installed, and then reported as zeros.
    var requests: RequestCounter?
    /// When the application was built, for the uptime and `startTime`.
    var startedAt = Date()

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.metrics, use: metrics)
    }

    /// `GET metrics`: the process, the store and the fleet in one JSON document (api.md §6).
    @Sendable
    func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = APITime.nowMilliseconds()
        let jobs = backups.jobs(now: now)
        let uptime = max(0, Int((now - Int64(startedAt.timeIntervalSince1970 * 1000)) / 1000))
        let view = MetricsView(
            system: .probe(directory: backups.store.options.directory, uptimeSeconds: uptime),
            application: MetricsView.Application(
                version: AppVersion.current,
                startTime: APIJSON.timestamp(startedAt),
                requests: requests?.snapshot() ?? RequestCounter.Snapshot()
            ),
            store: MetricsView.Store(backups.store.statistics()),
            backups: backups.metricsBackups(jobs: jobs, now: now)
        )
        var response = try APIResponse.success(view).response(from: request, context: context)
        // Every figure changes from one scrape to the next.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `GET /metrics`: the Prometheus text exposition of the fleet and of every job.
    @Sendable
    func prometheus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let jobs = backups.jobs(now: APITime.nowMilliseconds())
        let runs = backups.store.read { $0.count(ParsedRun.self) }
        let document = PrometheusExposition.duplistatus(jobs: jobs, servers: backups.servers(), runs: runs)
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
