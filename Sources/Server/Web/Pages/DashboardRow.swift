/// One row of the dashboard table: a job, or a server without runs.
struct DashboardRow: Sendable, Equatable {
    /// A job's columns.
    struct Job: Sendable, Equatable {
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
    }

    /// The row's key among the page's pieces: the job's link, or the server's.
    var id: String
    var serverName: String
    /// The server's note; nil when it has none.
    var serverNote: String?
    var serverLink: String
    /// Nil for a server whose runs were all deleted: the row says so, as its card does.
    var job: Job?
    /// Words the filter matches: server name, alias, id, URL and the job name.
    var searchText: String

    /// The row of `job` on `server` at `now`.
    init(server: ServerRecord, job: JobState, now: Int64) {
        self.init(server: server, jobName: job.backupName)
        let last = job.lastRun
        self.job = Job(
            backupName: job.backupName,
            jobLink: id,
            isOverdue: job.verdict.isOverdue,
            expected: PageTime(job.verdict.expectedAt, now: now),
            versions: last.versions,
            runs: job.runCount,
            lastRun: PageTime(last.endTime, now: now),
            lastRunTime: last.endTime,
            status: StatusBadge(last.status),
            runLink: PageRoute.runLink(serverId: server.id, runId: job.lastRunId),
            duration: DisplayFormat.duration(last.durationSeconds),
            durationSeconds: Int64(last.durationSeconds.rounded(.down)),
            warnings: last.warnings,
            errors: last.errors
        )
    }

    /// The row of a server with no job (its runs were all deleted), or the server columns of one
    /// of its jobs when `jobName` is given.
    init(server: ServerRecord, jobName: String? = nil) {
        serverName = server.alias.isEmpty ? server.name : server.alias
        serverNote = server.note.isEmpty ? nil : server.note
        serverLink = PageRoute.serverLink(server.id)
        id = jobName.map { PageRoute.serverLink(server.id, backupName: $0) } ?? serverLink
        job = nil
        searchText = [server.name, server.alias, server.id, server.serverUrl, jobName ?? ""].joined(separator: " ")
            .lowercased()
    }
}
