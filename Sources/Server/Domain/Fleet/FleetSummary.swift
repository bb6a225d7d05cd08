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

    /// The summary of `figures` at `now`.
    init(_ figures: FleetFigures, now: Int64) {
        servers = figures.servers
        jobs = figures.jobs
        runs = figures.runs
        backupSize = figures.backupSize
        storageUsed = figures.storageUsed
        uploadedSize = figures.uploadedSize
        latestStatuses = figures.latestStatuses
        overdue = figures.overdue(at: now)
        lastBackupTime = figures.lastBackupEnd
        secondsSinceLastBackup = lastBackupTime.map { max(0, (now - $0) / 1000) }
        evaluatedAt = now
    }
}

extension BackupStore {
    /// The fleet summary at `now`, from the kept figures; never a scan of runs.
    func fleetSummary(now: Int64) throws -> FleetSummary {
        FleetSummary(try fleetFigures(), now: now)
    }

    /// The fleet summary at `now` of `jobs` (the states the caller shows beside it) and the
    /// running totals.
    func fleetSummary(jobs: [JobState], now: Int64) -> FleetSummary {
        FleetSummary(store.read { Self.fleetFigures(jobs: jobs, $0) }, now: now)
    }
}
