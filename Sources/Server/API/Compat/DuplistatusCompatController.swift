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
        let totals = DuplistatusTotals(try backups.fleetFigures(), now: clock.now())
        return Self.response(.ok, DuplistatusViews.summary(totals), noStore: false)
    }

    /// The newest run of a server across its jobs, or `null`.
    @Sendable
    func lastBackup(_ request: Request, context: AppRequestContext) async throws -> Response {
        try answer(context) { server in try lastBackupBody(server) }
    }

    /// The newest run of each job, jobs by their newest run, newest first.
    @Sendable
    func lastBackups(_ request: Request, context: AppRequestContext) async throws -> Response {
        try answer(context) { server in try lastBackupsBody(server) }
    }

    /// `lastbackup`'s body for `server`.
    private func lastBackupBody(_ server: ServerRecord) throws -> CompatJSON {
        let newest = try backups.newestRun(ofServer: server.id).flatMap { try backups.runWithLogs($0.id) }
        return .object([
            ("server", DuplistatusViews.server(server)),
            ("latest_backup", newest.map(DuplistatusViews.run) ?? .null),
            ("status", .integer(200)),
        ])
    }

    /// `lastbackups`' body for `server`.
    private func lastBackupsBody(_ server: ServerRecord) throws -> CompatJSON {
        let jobs = try backups.jobs(serverId: server.id, now: clock.now())
            .sorted { ($0.lastRun.beginTime, $1.backupName) > ($1.lastRun.beginTime, $0.backupName) }
        let runs = try jobs.compactMap { try backups.runWithLogs($0.lastRunId) }
        return .object([
            ("server", DuplistatusViews.server(server)),
            ("latest_backups", .array(runs.map(DuplistatusViews.run))),
            ("backup_jobs_count", .integer(Int64(runs.count))),
            ("backup_names", .array(runs.map { .string($0.backupName) })),
            ("status", .integer(200)),
        ])
    }
}
