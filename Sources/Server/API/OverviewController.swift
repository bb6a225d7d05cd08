import FlatStore
import Hummingbird

/// The routes for summary, dashboard, lastbackup/:serverId and lastbackups/:serverId.
struct OverviewController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}
