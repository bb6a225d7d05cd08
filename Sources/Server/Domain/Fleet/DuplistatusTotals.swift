/// The fleet figures as the Node duplistatus's `/api/summary` computes them
/// (`compat-duplistatus.md` §1), for the compatibility format: sizes come from each server's
/// newest run date rather than from every job's latest run, and the time since the last backup
/// is measured from that run's start.
struct DuplistatusTotals: Sendable, Equatable {
    // No dynamic member lookup here, unlike `FleetSummary`: `storageUsed` and `backupSize` mean
    // the newest runs' figures in this format, not the ones of the same name in `figures`.
    /// The figures that hold until the next write.
    var figures: FleetFigures
    /// Jobs overdue at the instant the totals were taken.
    var overdue: Int
    /// Whole seconds (rounded down) from the newest run's start to now; negative when that start
    /// lies in the future; nil without runs.
    var secondsSinceLastBackup: Int64?

    /// Destination bytes of each server's run(s) at its newest run date (ties all count).
    var storageUsed: Int64 { figures.newestRunsStorageUsed }
    /// Source bytes of the same runs.
    var backupSize: Int64 { figures.newestRunsBackupSize }
    /// Jobs with at least one run.
    var jobs: Int { figures.jobs }

    /// The totals of `figures` at `now`.
    init(_ figures: FleetFigures, now: Int64) {
        self.figures = figures
        overdue = figures.overdue(at: now)
        secondsSinceLastBackup = figures.lastBackupBegin.map { begin in
            let milliseconds = now - begin
            return milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        }
    }
}
