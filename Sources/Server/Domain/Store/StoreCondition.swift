import FlatStore

/// The store's own verdict on whether it can do its work (health, and the pages to come).
enum StoreCondition: String, Sendable {
    /// Writing, nothing set aside, maintenance succeeding.
    case ok
    /// Serving, but data was found damaged or missing, or maintenance is failing.
    case degraded
    /// Writes stopped after a failure: nothing new can be recorded.
    case failed

    /// The verdict on `statistics`.
    init(_ statistics: StoreStatistics) {
        if !statistics.writable {
            self = .failed
        } else if statistics.hasDataProblems || statistics.maintenanceError != nil {
            self = .degraded
        } else {
            self = .ok
        }
    }
}
