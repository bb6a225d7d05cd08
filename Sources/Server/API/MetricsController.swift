import FlatStore
import Hummingbird

/// The routes for JSON metrics and the Prometheus exposition.
struct MetricsController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}

extension MetricsController {
    /// Registers `GET /metrics` (Prometheus text format) at the router's root.
    func addRootRoutes(to router: Router<AppRequestContext>) {
    }
}
