import FlatStore
import Hummingbird

/// The routes for time series for the charts.
struct ChartDataController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
    }
}
