/// Fleet-wide figures (`GET /api/summary`, and `summary` inside the dashboard).
struct FleetSummaryView: Encodable, Sendable {
    var totalServers: Int
    var totalBackupJobs: Int
    var totalBackupRuns: Int
    var totalBackupSize: Int64
    var totalStorageUsed: Int64
    var totalUploadedSize: Int64
    var successfulBackups: Int
    var warningBackups: Int
    var failedBackups: Int
    var overdueBackups: Int
    var secondsSinceLastBackup: Nullable<Int64>
    var lastBackupTime: Nullable<String>
    var lastUpdated: String

    /// Sums the latest run of each job; counts jobs by their latest status and overdue verdict.
    init(jobs: [JobState], servers: Int, runs: Int, totals: FleetTotals, now: Int64) {
        totalServers = servers
        totalBackupJobs = jobs.count
        totalBackupRuns = runs
        totalBackupSize = jobs.reduce(0) { $0 + $1.lastRun.fileSize }
        totalStorageUsed = jobs.reduce(0) { $0 + $1.lastRun.storageSize }
        totalUploadedSize = totals.uploadedSize
        successfulBackups = jobs.filter { $0.lastRun.status == .success }.count
        warningBackups = jobs.filter { $0.lastRun.status == .warning }.count
        failedBackups = jobs.filter { $0.lastRun.status == .error || $0.lastRun.status == .fatal }.count
        overdueBackups = jobs.filter(\.verdict.isOverdue).count
        let latest = jobs.map(\.lastRun.endTime).max()
        secondsSinceLastBackup = Nullable(latest.map { max(0, (now - $0) / 1000) })
        lastBackupTime = Nullable(latest.map(APITime.string))
        lastUpdated = APITime.string(now)
    }
}

extension BackupStore {
    /// The fleet summary now, from the job states and the running totals.
    func summary(jobs: [JobState], now: Int64) -> FleetSummaryView {
        let (servers, runs, totals) = store.read { view in
            (view.count(ServerRecord.self), view.count(ParsedRun.self), view.aggregate(FleetTotals.self) ?? FleetTotals())
        }
        return FleetSummaryView(jobs: jobs, servers: servers, runs: runs, totals: totals, now: now)
    }
}
