import FlatStore
import Hummingbird

/// `GET /api/health`: whether the process and its store can do their work.
struct HealthController: Sendable {
    /// Holds the store whose figures are reported.
    let holder: StoreHolder
    /// Where "now" comes from.
    let clock: any WallClock
    /// When the application was built (epoch ms), for the uptime.
    let startedAt: Int64
    /// The scheduler and the channels, for `services`.
    let monitoring: MonitoringServices

    /// Registers the health route on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.health, use: health)
    }

    /// 200 with the report while the store can write; 503 with the same report when it cannot.
    @Sendable
    func health(_ request: Request, context: AppRequestContext) async throws -> APIResponse<HealthReport> {
        let statistics = holder.current.statistics()
        let now = clock.now()
        var report = HealthReport(statistics: statistics, uptimeSeconds: Int(max(0, now - startedAt) / 1000), now: now)
        report.services.scheduler = monitoring.scheduler.isScheduling ? "running" : "disabled"
        report.services.notifications = monitoring.delivery.configuredChannels().isEmpty ? "not-configured" : "configured"
        guard report.health != .unhealthy else {
            let reason = statistics.writeFailure ?? "the data directory is not usable"
            context.logger.warning("health check failed", metadata: ["reason": "\(reason)"])
            return .failure(APIError(.serviceUnavailable, "The data store cannot write: \(reason)"), data: report)
        }
        return .success(report)
    }
}
