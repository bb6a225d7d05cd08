/// A server as the server list shows it (api.md §3 `Server`), optionally with its jobs.
struct ServerStatusView: Encodable, Sendable {
    var id: String
    var name: String
    var alias: String
    var note: String
    var serverUrl: String
    var lastSeen: String
    /// Jobs of the server.
    var backupCount: Int
    /// Stored runs of the server.
    var runCount: Int
    var overallStatus: String
    /// Passwords arrive with collecting from a Duplicati server; until one is stored there is none.
    var hasPassword = false
    /// The jobs, when asked for; left out of the JSON otherwise.
    var backups: [JobStatusView]?

    /// The server's record and the states of its jobs; `includeBackups` adds them as `backups`.
    init(_ server: ServerRecord, jobs: [JobState], includeBackups: Bool) {
        id = server.id
        name = server.name
        alias = server.alias
        note = server.note
        serverUrl = server.serverUrl
        lastSeen = APITime.string(server.lastSeen)
        backupCount = jobs.count
        runCount = jobs.reduce(0) { $0 + $1.runCount }
        overallStatus = OverallStatus.of(jobs)
        backups = includeBackups ? jobs.map(JobStatusView.init) : nil
    }
}

/// `GET /api/servers/:serverId`: the server's fields and jobs, flat, plus `statistics`.
struct ServerDetailView: Encodable, Sendable {
    var server: ServerStatusView
    var statistics: ServerStatisticsView
    /// `?includeChartData=true`: the chart series, filled by the chart-data feature; left out when nil.
    var chartData: (any Encodable & Sendable)?

    /// Writes the server's fields at the top level, beside `statistics` (and `chartData`).
    func encode(to encoder: any Encoder) throws {
        try server.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statistics, forKey: .statistics)
        if let chartData { try container.encode(chartData, forKey: .chartData) }
    }

    private enum CodingKeys: String, CodingKey {
        case statistics, chartData
    }
}

/// The figures of one server's history (api.md §3 `statistics`).
struct ServerStatisticsView: Encodable, Sendable, Equatable {
    var totalBackupRuns = 0
    /// Runs whose status is Success.
    var successfulBackups = 0
    /// Runs whose status is Error or Fatal, as the fleet summary counts failures.
    var failedBackups = 0
    /// Successful runs in percent of all runs, 2 decimals; 0 without runs.
    var successRate = 0.0
    /// Mean run duration, 2 decimals; 0 without runs.
    var averageDurationSeconds = 0.0
    /// Bytes uploaded by every run.
    var totalUploadedSize: Int64 = 0
    /// `fileSize` of the newest run.
    var lastBackupSize: Int64 = 0
    /// `storageSize` of each job's latest run, summed.
    var totalStorageUsed: Int64 = 0
    /// `versions` of each job's latest run, summed.
    var availableVersions: Int64 = 0

    /// Figures over `runs` (oldest first) and the latest state of `jobs`.
    init(runs: [RunSummary], jobs: [JobState]) {
        totalBackupRuns = runs.count
        successfulBackups = runs.filter { $0.status == .success }.count
        failedBackups = runs.filter { $0.status == .error || $0.status == .fatal }.count
        totalUploadedSize = runs.reduce(0) { $0 + $1.uploadedSize }
        lastBackupSize = runs.last?.fileSize ?? 0
        totalStorageUsed = jobs.reduce(0) { $0 + $1.lastRun.storageSize }
        availableVersions = jobs.reduce(0) { $0 + Int64($1.lastRun.versions) }
        guard !runs.isEmpty else { return }
        let count = Double(runs.count)
        successRate = Self.twoDecimals(Double(successfulBackups) / count * 100)
        averageDurationSeconds = Self.twoDecimals(runs.reduce(0) { $0 + $1.durationSeconds } / count)
    }

    /// `value` rounded half away from zero to 2 decimals.
    static func twoDecimals(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension BackupStore {
    /// The statistics of one server, from its `byServer` partition: the work grows with its runs only.
    func serverStatistics(serverId: String, jobs: [JobState]) -> ServerStatisticsView {
        let runs = store.read { view in
            view.scan(ParsedRun.self, index: ParsedRun.byServer, partition: serverId).items.map(\.summary)
        }
        return ServerStatisticsView(runs: runs, jobs: jobs)
    }
}
