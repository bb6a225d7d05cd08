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

    /// The figures from the fleet summary and the job states it was computed from.
    init(summary: FleetSummary, jobs: [JobState], now: Int64) {
        servers = summary.servers
        runs = summary.runs
        self.jobs = summary.jobs
        uploadedSize = summary.uploadedSize
        overdue = summary.overdue
        var storage: Int64 = 0
        var source: Int64 = 0
        for serverJobs in Dictionary(grouping: jobs, by: \.serverId).values {
            guard let newest = serverJobs.map(\.lastRun.beginTime).max() else { continue }
            for job in serverJobs where job.lastRun.beginTime == newest {
                storage += job.lastRun.storageSize
                source += job.lastRun.fileSize
            }
        }
        storageUsed = storage
        backupSize = source
        secondsSinceLastBackup = jobs.map(\.lastRun.beginTime).max().map { begin in
            let milliseconds = now - begin
            return milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        }
    }
}
