import FlatStore
import Hummingbird
import Logging

/// Opens the store and builds the application; shared by `duplistatus serve` and the tests.
///
/// The store is opened here rather than when the application runs, so a data directory held by
/// another process fails at once with `StoreError.locked`. It is closed when the application shuts
/// down; an application that is built but never run keeps the directory locked until the process ends.
func buildApplication(_ config: AppConfiguration) async throws -> some ApplicationProtocol {
    let logger = Logger(label: "duplistatus", level: config.logLevel)
    var options = StoreOptions.duplistatus(directory: config.dataDirectory)
    options.fsync = config.fsync
    options.supersededRetention = config.keepReplacedFilesSeconds
    options.logger = Logger(label: "flatstore", level: config.logLevel)
    if try FlatStore.completeInterruptedReplacement(config.dataDirectory) {
        logger.notice("finished a restore that was interrupted while it put the restored data directory in place")
    }
    let holder = StoreHolder(try FlatStore.open(options, schema: .duplistatus))

    // One domain store for the API, the pages and monitoring, so they share its kept job states
    // and its serialised server writes.
    let backups = BackupStore(holder: holder)
    let monitoring = MonitoringServices(config, backups: backups, logger: logger)
    let router = buildRouter(config, backups: backups, monitoring: monitoring, templates: try WebTemplates())
    return Application(
        router: router,
        // Each connection's requests run on the event loop that reads it.
        server: .http1OnEventLoops(idleTimeout: .seconds(config.idleTimeoutSeconds)),
        configuration: .init(address: .hostname(config.host, port: config.port)),
        // Stopped in reverse order: the HTTP server, then the scheduler and the notification queue, then the store.
        services: [StoreCloseService(holder: holder, logger: logger), monitoring.notifier, monitoring.scheduler],
        onServerRunning: { channel in
            StartupBanner.announce(config, boundPort: channel.localAddress?.port, logger: logger)
        },
        // Hummingbird's logger is also every handler's `context.logger`, so it has the configured
        // level: what handlers log at `info` (deletions, merges, backups and restores of the data)
        // is written. Hummingbird adds its own start and stop lines at `info`; it logs requests
        // only at `debug` and below.
        logger: Logger(label: "duplistatus.http", level: config.logLevel)
    )
}

extension Logger {
    /// A logger labelled `label` that writes `level` and above.
    fileprivate init(label: String, level: Logger.Level) {
        self.init(label: label)
        logLevel = level
    }
}

/// Builds the router: the HTTP conventions as middleware, then every controller under each API
/// prefix, then the web pages.
func buildRouter(
    _ config: AppConfiguration,
    backups: BackupStore,
    monitoring: MonitoringServices,
    templates: WebTemplates
) -> Router<AppRequestContext> {
    // HEAD is answered for every GET so monitoring probes can check reachability cheaply.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Middleware applies only to routes added after it, and the first added runs outermost:
    // CORS must also decorate errors, and gzip must see the finished error envelopes.
    // Outermost, so every answer (errors and preflights too) is counted for /api/metrics.
    let clock = config.clock
    let requests = RequestCounter(clock: clock)
    router.add(middleware: RequestCounterMiddleware(counter: requests))
    router.add(middleware: SafetyHeadersMiddleware())
    router.add(middleware: CORSPolicyMiddleware(allowedOrigins: config.allowedOrigins))
    router.add(middleware: GzipMiddleware(minimumBytes: config.gzipMinimumBytes))
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(middleware: CrossSiteWriteMiddleware(allowedOrigins: config.allowedOrigins))
    router.add(middleware: BodyLimitMiddleware(maxBytes: config.maxBodyBytes, archiveBytes: config.maxArchiveBytes))
    // Inside the envelope: a path no route took is an HTML page unless it is under /api or /metrics.
    router.add(middleware: PageNotFoundMiddleware(templates: templates))
    let adminPassword = config.adminPassword.map { AdminPassword(configured: $0, backups: backups) }
    // Learning whether a password set on the settings page still counts takes a slow hash: done
    // now, so the first sign-in does not wait for it.
    if let adminPassword { Task { await adminPassword.settle() } }
    let gate = AccessGate(adminPassword: adminPassword, uploadToken: config.uploadToken, backups: backups, clock: clock)
    // Only a server with a password or an upload token looks at credentials; an open one skips it.
    if config.adminPassword != nil || config.uploadToken != nil { router.add(middleware: AccessMiddleware(gate: gate)) }

    let holder = backups.holder
    let startedAt = clock.now()
    let health = HealthController(holder: holder, clock: clock, startedAt: startedAt, monitoring: monitoring)
    let upload = UploadController(backups: backups, clock: clock, notifier: monitoring.notifier)
    let overview = OverviewController(backups: backups, clock: clock)
    let compatible = DuplistatusCompatController(backups: backups, clock: clock)
    let servers = ServersController(backups: backups, clock: clock)
    let runs = BackupsController(backups: backups)
    let serverAdmin = ServerAdminController(backups: backups, clock: clock)
    let charts = ChartDataController(backups: backups, clock: clock)
    let metrics = MetricsController(
        backups: backups,
        clock: clock,
        requests: requests,
        deliveries: monitoring.delivery.record,
        startedAt: startedAt
    )
    let database = DatabaseController(
        holder: holder,
        maintenance: StoreMaintenance(holder: holder),
        restore: StoreRestore(options: holder.current.options, limit: UInt64(config.maxArchiveBytes)),
        clock: clock
    )
    let administration = AdministrationController(backups: backups, clock: clock)
    let collect = CollectController(
        backups: backups,
        client: DuplicatiClient(timeout: .seconds(config.duplicatiTimeoutSeconds)),
        secrets: monitoring.secrets,
        clock: clock
    )
    let system = SystemController(holder: holder, clock: clock, startedAt: startedAt, port: config.port, scheduler: monitoring.scheduler)
    let configuration = ConfigurationController(backups: backups, secrets: monitoring.secrets, clock: clock)
    let monitor = MonitoringController(backups: backups, scheduler: monitoring.scheduler, delivery: monitoring.delivery, clock: clock)
    let auth = AuthController(gate: gate, clock: clock)
    for prefix in APIRoute.prefixes {
        let group = router.group(RouterPath(prefix))
        health.addRoutes(to: group)
        upload.addRoutes(to: group)
        // Scripts and widgets written for the Node duplistatus read /api/ only; /api/v1/ keeps the envelope.
        if config.externalAPIFormat == .duplistatus, prefix == APIRoute.prefixes.first {
            overview.addRoutes(to: group, external: false)
            compatible.addRoutes(to: group)
        } else {
            overview.addRoutes(to: group)
        }
        servers.addRoutes(to: group)
        runs.addRoutes(to: group)
        serverAdmin.addRoutes(to: group)
        charts.addRoutes(to: group)
        metrics.addRoutes(to: group)
        database.addRoutes(to: group)
        administration.addRoutes(to: group)
        system.addRoutes(to: group)
        collect.addRoutes(to: group)
        configuration.addRoutes(to: group)
        monitor.addRoutes(to: group)
        auth.addRoutes(to: group)
    }
    // Prometheus scrapes /metrics at the root, outside the versioned API.
    metrics.addRootRoutes(to: router)
    PagesController(backups: backups, clock: clock, templates: templates, gate: gate, deliveries: monitoring.delivery.record)
        .addRoutes(to: router)
    return router
}
