import FlatStore
import Hummingbird

/// `GET /api/admin/system/info`: what runs where, and how the store is doing.
struct SystemController: Sendable {
    /// Holds the store described.
    let holder: StoreHolder
    /// Where "now" comes from: uptime.
    let clock: any WallClock
    /// When the application was built (epoch ms).
    let startedAt: Int64
    /// The port it was configured to answer on.
    let port: Int
    /// The overdue scheduler, for `services.scheduler`.
    let scheduler: MonitoringScheduler

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.systemInfo, use: info)
    }

    /// The version, the machine's figures and the store's.
    @Sendable
    func info(_ request: Request, context: AppRequestContext) async throws -> APIResponse<SystemInfoView> {
        .success(
            SystemInfoView(
                store: holder.current,
                port: port,
                startedAt: startedAt,
                now: clock.now(),
                schedulerRunning: scheduler.isScheduling
            )
        )
    }
}
