import FlatStore
import Hummingbird

/// The routes for one backup run with its logs.
struct BackupsController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}
