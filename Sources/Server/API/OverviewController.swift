import Hummingbird

/// The routes for summary, dashboard, lastbackup/:serverId and lastbackups/:serverId.
struct OverviewController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from: the overdue verdicts and `lastUpdated`.
    let clock: any WallClock

    /// Registers this controller's routes on `group`; with `external` false, only the dashboard
    /// (another controller answers the summary and last-backup routes in the original's format).
    func addRoutes(to group: RouterGroup<AppRequestContext>, external: Bool = true) {
        group.on(.dashboard, use: dashboard)
        guard external else { return }
        group.on(.summary, use: summary)
        group.on(.lastBackup, use: lastBackup)
        group.on(.lastBackups, use: lastBackups)
    }

    /// Fleet-wide figures from the job states and running totals, never from a scan of runs.
    @Sendable
    func summary(_ request: Request, context: AppRequestContext) async throws -> APIResponse<FleetSummaryView> {
        .success(FleetSummaryView(try backups.fleetSummary(now: clock.now())))
    }

    /// The summary and every server with its jobs.
    @Sendable
    func dashboard(_ request: Request, context: AppRequestContext) async throws -> APIResponse<DashboardView> {
        .success(DashboardView(try backups.overview(now: clock.now())))
    }

    /// The newest run of a server across its jobs, `null` when it has none; 404 for an unknown server.
    @Sendable
    func lastBackup(_ request: Request, context: AppRequestContext) async throws -> APIResponse<LastBackupView> {
        let server = try ReadQuery.server(context, in: backups)
        let run = try backups.newestRun(ofServer: server.id)
        return .success(LastBackupView(server: ServerRefView(server), lastBackup: Nullable(run.map(BackupRunView.init))))
    }

    /// The newest run of each job of a server, jobs by name.
    @Sendable
    func lastBackups(_ request: Request, context: AppRequestContext) async throws -> APIResponse<LastBackupsView> {
        let server = try ReadQuery.server(context, in: backups)
        let now = clock.now()
        let jobs = try backups.jobs(serverId: server.id, now: now)
        let runs = try backups.newestRuns(of: jobs)
        return .success(
            LastBackupsView(
                server: ServerRefView(server),
                backups: runs.map(BackupRunView.init),
                backupJobsCount: jobs.count,
                backupNames: jobs.map(\.backupName),
                lastUpdated: APIJSON.Timestamp(now)
            )
        )
    }
}
