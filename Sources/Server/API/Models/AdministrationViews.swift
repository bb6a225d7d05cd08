/// The body of `POST /api/backups/cleanup`: a named period or a number of days.
struct CleanupBody: Decodable, Sendable {
    /// `6 months`, `1 year`, `2 years` or `Delete all data`.
    var retentionPeriod: String?
    /// Runs older than this many days go.
    var olderThanDays: Int?
    /// Required with `Delete all data`: the words `delete all data`.
    var confirmation: String?
}

/// The body of `DELETE|POST /api/backups/delete-job`.
struct DeleteJobBody: Decodable, Sendable {
    /// The server's id or name.
    var serverId: String
    /// The job's name.
    var backupName: String
}

/// What `POST /api/backups/cleanup` removed.
struct CleanupView: Encodable, Sendable {
    var deletedRuns: Int
    var deletedServers: Int
}

/// What `DELETE|POST /api/backups/delete-job` removed.
struct DeletedJobView: Encodable, Sendable {
    var deletedRuns: Int
    var serverName: String
    var backupName: String
}

/// A reference to a run (api.md `BackupRunRef`), for `DELETE /api/backups/:backupId`.
struct BackupRunRefView: Encodable, Sendable {
    var id: String
    var serverId: String
    var serverName: String
    var backupName: String
    var beginTime: APIJSON.Timestamp
    var status: String

    init(_ run: ParsedRun) {
        id = run.id
        serverId = run.serverId
        serverName = run.serverName
        backupName = run.backupName
        beginTime = APIJSON.Timestamp(run.beginTime)
        status = run.status.rawValue
    }
}

/// The answer of `DELETE /api/backups/:backupId`.
struct DeletedRunView: Encodable, Sendable {
    var deleted: BackupRunRefView
}
