import FlatStore
import Hummingbird

/// The routes for the server list, one server, its run history and its overdue detail.
struct ServersController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}
