/// The aggregated state of a server (api.md §1 `overallStatus`), in lower case.
enum OverallStatus {
    /// How bad each status is; Unknown sits above Success because it is no proof of a good run,
    /// yet below Warning because nothing is known to be wrong.
    private static func severity(_ status: ParsedRun.Status) -> Int {
        switch status {
        case .success: 0
        case .unknown: 1
        case .warning: 2
        case .error: 3
        case .fatal: 4
        }
    }

    /// The worst latest status of `jobs`, an overdue job counting as at least Warning; "unknown" without jobs.
    static func of(_ jobs: [JobState]) -> String {
        let statuses = jobs.map { job -> ParsedRun.Status in
            let latest = job.lastRun.status
            return job.verdict.isOverdue && severity(latest) < severity(.warning) ? .warning : latest
        }
        let worst = statuses.max { severity($0) < severity($1) } ?? .unknown
        return worst.rawValue.lowercased()
    }
}

/// One server on the dashboard, with its jobs.
struct DashboardServerView: Encodable, Sendable {
    var id: String
    var name: String
    var alias: String
    var note: String
    var lastSeen: String
    var overallStatus: String
    var backups: [JobStatusView]

    /// The server's record and the states of its jobs.
    init(_ server: ServerRecord, jobs: [JobState]) {
        id = server.id
        name = server.name
        alias = server.alias
        note = server.note
        lastSeen = APITime.string(server.lastSeen)
        overallStatus = OverallStatus.of(jobs)
        backups = jobs.map(JobStatusView.init)
    }
}

/// `GET /api/dashboard`: the summary and every server with its jobs, in one response.
struct DashboardView: Encodable, Sendable {
    var summary: FleetSummaryView
    var servers: [DashboardServerView]
    var lastUpdated: String
}

extension BackupStore {
    /// The dashboard now: one pass over the job states, so the work grows with jobs, not runs.
    func dashboard(now: Int64) -> DashboardView {
        let jobs = jobs(now: now)
        let byServer = Dictionary(grouping: jobs, by: \.serverId)
        let servers = servers().map { DashboardServerView($0, jobs: byServer[$0.id] ?? []) }
        return DashboardView(summary: summary(jobs: jobs, now: now), servers: servers, lastUpdated: APITime.string(now))
    }
}

/// `GET /api/lastbackup/:serverId`: the newest run of a server across its jobs.
struct LastBackupView: Encodable, Sendable {
    var server: ServerRefView
    /// The newest run, or `null` when the server has none.
    var lastBackup: Nullable<BackupRunView>
}

/// `GET /api/lastbackups/:serverId`: the newest run of each job of a server.
struct LastBackupsView: Encodable, Sendable {
    var server: ServerRefView
    var backups: [BackupRunView]
    var backupJobsCount: Int
    var backupNames: [String]
    var lastUpdated: String
}

extension BackupStore {
    /// The newest run of `serverId` across its jobs, from the newest entry of its `byServer` partition.
    func newestRun(ofServer serverId: String) throws -> ParsedRun? {
        let newest = store.read { view in
            view.scan(ParsedRun.self, index: ParsedRun.byServer, partition: serverId, descending: true, limit: 1).items.first?.key
        }
        return try newest.flatMap(run)
    }
}
