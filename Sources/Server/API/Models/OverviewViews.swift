/// One server on the dashboard, with its jobs.
struct DashboardServerView: Encodable, Sendable {
    var id: String
    var name: String
    var alias: String
    var note: String
    var lastSeen: APIJSON.Timestamp
    var overallStatus: String
    var backups: [JobStatusView]

    /// The API's fields of `entry`.
    init(_ entry: ServerJobs) {
        id = entry.server.id
        name = entry.server.name
        alias = entry.server.alias
        note = entry.server.note
        lastSeen = APIJSON.Timestamp(entry.server.lastSeen)
        overallStatus = entry.overallStatus.rawValue.lowercased()
        backups = entry.jobs.map(JobStatusView.init)
    }
}

/// `GET /api/dashboard`: the summary and every server with its jobs, in one response.
struct DashboardView: Encodable, Sendable {
    var summary: FleetSummaryView
    var servers: [DashboardServerView]
    var lastUpdated: APIJSON.Timestamp

    /// The API's fields of `overview`.
    init(_ overview: FleetOverview) {
        summary = FleetSummaryView(overview.summary)
        servers = overview.servers.map(DashboardServerView.init)
        lastUpdated = APIJSON.Timestamp(overview.summary.evaluatedAt)
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
    var lastUpdated: APIJSON.Timestamp
}
