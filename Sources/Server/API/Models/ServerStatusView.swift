/// A server as the server list shows it (api.md §3 `Server`), optionally with its jobs.
struct ServerStatusView: Encodable, Sendable {
    var id: String
    var name: String
    var alias: String
    var note: String
    var serverUrl: String
    var lastSeen: APIJSON.Timestamp
    /// Jobs of the server.
    var backupCount: Int
    /// Stored runs of the server.
    var runCount: Int
    var overallStatus: String
    /// Whether the server's Duplicati password is stored (collect by `serverId` alone).
    var hasPassword: Bool
    /// The jobs, when asked for; left out of the JSON otherwise.
    var backups: [JobStatusView]?

    /// The API's fields of `entry`; `includeBackups` adds its jobs as `backups`.
    init(_ entry: ServerJobs, includeBackups: Bool) {
        id = entry.server.id
        name = entry.server.name
        alias = entry.server.alias
        note = entry.server.note
        serverUrl = entry.server.serverUrl
        lastSeen = APIJSON.Timestamp(entry.server.lastSeen)
        backupCount = entry.jobs.count
        runCount = entry.runCount
        overallStatus = entry.overallStatus.rawValue.lowercased()
        hasPassword = entry.hasPassword
        backups = includeBackups ? entry.jobs.map(JobStatusView.init) : nil
    }
}

/// `GET /api/servers/:serverId`: the server's fields and jobs, flat, plus `statistics`.
struct ServerDetailView: Encodable, Sendable {
    var server: ServerStatusView
    var statistics: ServerStatisticsView
    /// `?includeChartData=true`: the server's chart series; left out when nil.
    var chartData: [ChartPointView]?

    /// Writes the server's fields at the top level, beside `statistics` (and `chartData`).
    func encode(to encoder: any Encoder) throws {
        try encoder.encodeFlattened(server, adding: ["statistics": statistics, "chartData": chartData])
    }
}

/// The figures of one server's history (api.md §3 `statistics`).
struct ServerStatisticsView: Encodable, Sendable, Equatable {
    var totalBackupRuns: Int
    var successfulBackups: Int
    var failedBackups: Int
    /// Successful runs in percent of all runs, 2 decimals; 0 without runs.
    var successRate: Double
    var averageDurationSeconds: Double
    var totalUploadedSize: Int64
    var lastBackupSize: Int64
    var totalStorageUsed: Int64
    var availableVersions: Int64

    /// The API's fields of `statistics`.
    init(_ statistics: ServerStatistics) {
        totalBackupRuns = statistics.runs.total
        successfulBackups = statistics.runs.successful
        failedBackups = statistics.runs.failed
        successRate = statistics.runs.successPercent
        averageDurationSeconds = statistics.averageDurationSeconds
        totalUploadedSize = statistics.totalUploadedSize
        lastBackupSize = statistics.lastBackupSize
        totalStorageUsed = statistics.totalStorageUsed
        availableVersions = statistics.availableVersions
    }
}
