/// One job's row of the dashboard table.
struct DashboardRow: Sendable, Equatable {
    var serverName: String
    /// The server's note; nil when it has none.
    var serverNote: String?
    var serverLink: String
    var backupName: String
    var jobLink: String
    var isOverdue: Bool
    var expected: PageTime
    var versions: Int32
    var runs: Int
    var lastRun: PageTime
    var lastRunTime: Int64
    var status: StatusBadge
    var runLink: String
    var duration: String
    var durationSeconds: Int64
    var warnings: Int32
    var errors: Int32
    /// Words the filter matches: server name, alias, id, URL and the job name.
    var searchText: String

    /// The row of `job` on `server` at `now`.
    init(server: ServerRecord, job: JobState, now: Int64) {
        let last = job.lastRun
        serverName = server.alias.isEmpty ? server.name : server.alias
        serverNote = server.note.isEmpty ? nil : server.note
        serverLink = PageRoute.serverLink(server.id)
        backupName = job.backupName
        jobLink = PageRoute.serverLink(server.id, backupName: job.backupName)
        isOverdue = job.verdict.isOverdue
        expected = PageTime(job.verdict.expectedAt, now: now)
        versions = last.versions
        runs = job.runCount
        lastRun = PageTime(last.endTime, now: now)
        lastRunTime = last.endTime
        status = StatusBadge(last.status)
        runLink = PageRoute.runLink(serverId: server.id, runId: job.lastRunId)
        duration = DisplayFormat.duration(last.durationSeconds)
        durationSeconds = Int64(last.durationSeconds.rounded())
        warnings = last.warnings
        errors = last.errors
        searchText = [server.name, server.alias, server.id, server.serverUrl, job.backupName].joined(separator: " ").lowercased()
    }
}
