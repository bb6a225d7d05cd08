/// Fleet-wide figures at one instant: the kept figures of the latest run of each job and the
/// running totals, plus what depends on the clock (`/api/summary`, the dashboard, the web pages).
///
/// Reads of the clock-free figures go through to `figures` (`summary.servers`), so each figure is
/// declared once, in `FleetFigures`.
@dynamicMemberLookup
struct FleetSummary: Sendable, Equatable {
    /// The figures that hold until the next write.
    var figures: FleetFigures
    /// Jobs overdue at `evaluatedAt`.
    var overdue: Int
    /// Whole seconds from the newest run's end to `evaluatedAt` (never negative); nil without runs.
    var secondsSinceLastBackup: Int64?
    /// The instant the verdicts were computed for (epoch ms).
    var evaluatedAt: Int64

    /// The summary of `figures` at `now`.
    init(_ figures: FleetFigures, now: Int64) {
        self.figures = figures
        overdue = figures.overdue(at: now)
        secondsSinceLastBackup = figures.lastBackupEnd.map { max(0, (now - $0) / 1000) }
        evaluatedAt = now
    }

    /// The clock-free figure at `keyPath`.
    subscript<Value>(dynamicMember keyPath: KeyPath<FleetFigures, Value>) -> Value {
        figures[keyPath: keyPath]
    }
}

extension BackupStore {
    /// The fleet summary at `now`, from the kept figures; never a scan of runs.
    func fleetSummary(now: Int64) throws -> FleetSummary {
        FleetSummary(try fleetFigures(), now: now)
    }
}
