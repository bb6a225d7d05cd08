import FlatStore
import Hummingbird

/// The routes for changing, deleting and merging servers.
struct ServerAdminController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}
