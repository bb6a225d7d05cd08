/// The fleet figures as the Node duplistatus's `/api/summary` computes them
/// (`compat-duplistatus.md` §1), for the compatibility format: sizes come from each server's
/// newest run date rather than from every job's latest run, and the time since the last backup
/// is measured from that run's start.
struct DuplistatusTotals: Sendable, Equatable {
    var servers: Int
    var runs: Int
    /// Jobs with at least one run.
    var jobs: Int
    /// Bytes uploaded by every run.
    var uploadedSize: Int64
    /// Destination bytes of each server's run(s) at its newest run date (ties all count).
    var storageUsed: Int64
    /// Source bytes of the same runs.
    var backupSize: Int64
    var overdue: Int
    /// Whole seconds (rounded down) from the newest run's start to now; negative when that start
    /// lies in the future; nil without runs.
    var secondsSinceLastBackup: Int64?

    /// The totals of `figures` at `now`.
    init(_ figures: FleetFigures, now: Int64) {
        servers = figures.servers
        runs = figures.runs
        jobs = figures.jobs
        uploadedSize = figures.uploadedSize
        overdue = figures.overdue(at: now)
        storageUsed = figures.newestRunsStorageUsed
        backupSize = figures.newestRunsBackupSize
        secondsSinceLastBackup = figures.lastBackupBegin.map { begin in
            let milliseconds = now - begin
            return milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        }
    }
}
