import FoundationEssentials
import Hummingbird

/// `/api/summary`, `/api/lastbackup/:serverId` and `/api/lastbackups/:serverId` answered exactly as
/// the Node duplistatus answers them (`externalAPIFormat = duplistatus`), so Homepage widgets
/// and scripts written for it keep working: bare JSON, its keys, order, numbers and errors.
struct DuplistatusCompatController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from.
    let clock: any WallClock

    /// Registers the three routes on `group` (the unversioned `/api` only).
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.summary, use: summary)
        group.on(.lastBackup, use: lastBackup)
        group.on(.lastBackups, use: lastBackups)
    }

    /// The fleet figures, computed the original's way.
    @Sendable
    func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = clock.now()
        let jobs = try backups.jobs(now: now)
        let totals = DuplistatusTotals(summary: backups.fleetSummary(jobs: jobs, now: now), jobs: jobs, now: now)
        return Self.response(.ok, DuplistatusViews.summary(totals), noStore: false)
    }

    /// The newest run of a server across its jobs, or `null`.
    @Sendable
    func lastBackup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let server: ServerRecord
        switch lookUp(context) {
        case .found(let found): server = found
        case .failed(let response): return response
        }
        let newest = try backups.newestRun(ofServer: server.id).flatMap { try backups.runWithLogs($0.id) }
        let body = CompatJSON.object([
            ("server", DuplistatusViews.server(server)),
            ("latest_backup", newest.map(DuplistatusViews.run) ?? .null),
            ("status", .integer(200)),
        ])
        return Self.response(.ok, body)
    }

    /// The newest run of each job, jobs by their newest run, newest first.
    @Sendable
    func lastBackups(_ request: Request, context: AppRequestContext) async throws -> Response {
        let server: ServerRecord
        switch lookUp(context) {
        case .found(let found): server = found
        case .failed(let response): return response
        }
        let jobs = try backups.jobs(serverId: server.id, now: clock.now())
            .sorted { ($0.lastRun.beginTime, $1.backupName) > ($1.lastRun.beginTime, $0.backupName) }
        let runs = try jobs.compactMap { try backups.runWithLogs($0.lastRunId) }
        let body = CompatJSON.object([
            ("server", DuplistatusViews.server(server)),
            ("latest_backups", .array(runs.map(DuplistatusViews.run))),
            ("backup_jobs_count", .integer(Int64(runs.count))),
            ("backup_names", .array(runs.map { .string($0.backupName) })),
            ("status", .integer(200)),
        ])
        return Self.response(.ok, body)
    }
}
