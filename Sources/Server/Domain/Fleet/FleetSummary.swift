/// Fleet-wide figures at one instant: the latest run of each job, the running totals and the
/// overdue verdicts (`/api/summary`, the dashboard, and the web pages to come).
struct FleetSummary: Sendable, Equatable {
    /// Known servers.
    var servers: Int
    /// Known jobs (server and backup name).
    var jobs: Int
    /// Stored runs.
    var runs: Int
    /// Source bytes after each job's latest run, summed.
    var backupSize: Int64
    /// Destination bytes after each job's latest run, summed.
    var storageUsed: Int64
    /// Bytes uploaded by every stored run.
    var uploadedSize: Int64
    /// The jobs counted by the status of their latest run.
    var latestStatuses: StatusTally
    /// Jobs overdue at `evaluatedAt`.
    var overdue: Int
    /// When the newest run ended (epoch ms); nil without runs.
    var lastBackupTime: Int64?
    /// Whole seconds from the newest run's end to `evaluatedAt` (never negative); nil without runs.
    var secondsSinceLastBackup: Int64?
    /// The instant the verdicts were computed for (epoch ms).
    var evaluatedAt: Int64

    /// Sums the latest run of each of `jobs`; counts them by latest status and overdue verdict.
    init(jobs: [JobState], servers: Int, runs: Int, totals: FleetTotals, now: Int64) {
        self.servers = servers
        self.jobs = jobs.count
        self.runs = runs
        backupSize = jobs.reduce(0) { $0 + $1.lastRun.fileSize }
        storageUsed = jobs.reduce(0) { $0 + $1.lastRun.storageSize }
        uploadedSize = totals.uploadedSize
        latestStatuses = StatusTally(jobs.map(\.lastRun.status))
        overdue = jobs.filter(\.verdict.isOverdue).count
        lastBackupTime = jobs.map(\.lastRun.endTime).max()
        secondsSinceLastBackup = lastBackupTime.map { max(0, (now - $0) / 1000) }
        evaluatedAt = now
    }
}

extension BackupStore {
    /// The fleet summary at `now`, from `jobs` (the states at `now`) and the running totals; never a scan of runs.
    func fleetSummary(jobs: [JobState], now: Int64) -> FleetSummary {
        let (servers, runs, totals) = store.read { view in
            (view.count(ServerRecord.self), view.count(ParsedRun.self), view.aggregate(FleetTotals.self) ?? FleetTotals())
        }
        return FleetSummary(jobs: jobs, servers: servers, runs: runs, totals: totals, now: now)
    }
}
