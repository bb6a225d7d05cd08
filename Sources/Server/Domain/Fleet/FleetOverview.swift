/// One server with the states of its jobs and the verdict over them.
struct ServerJobs: Sendable {
    /// The server, with its latest contact time.
    var server: ServerRecord
    /// Its jobs, by name.
    var jobs: [JobState]
    /// Whether its Duplicati password is stored (for collecting without asking).
    var hasPassword = false

    /// The worst latest status of the jobs, overdue counting as Warning.
    var overallStatus: ParsedRun.Status { OverallStatus.of(jobs) }
    /// Stored runs of every job.
    var runCount: Int { jobs.reduce(0) { $0 + $1.runCount } }
}

/// Everything the dashboard shows at one instant: the fleet summary and every server with its jobs.
struct FleetOverview: Sendable {
    /// The fleet-wide figures.
    var summary: FleetSummary
    /// Every server by name.
    var servers: [ServerJobs]
}

extension BackupStore {
    /// Every server by name with its jobs at `now`, from one pass over the job states.
    func serversWithJobs(now: Int64) throws -> [ServerJobs] {
        serversWithJobs(jobs: try jobs(now: now))
    }

    /// The overview at `now`: the work grows with jobs and servers, never with runs.
    func overview(now: Int64) throws -> FleetOverview {
        let jobs = try jobs(now: now)
        return FleetOverview(summary: fleetSummary(jobs: jobs, now: now), servers: serversWithJobs(jobs: jobs))
    }

    /// The job states of `jobs` grouped under every known server (a server without jobs has none).
    private func serversWithJobs(jobs: [JobState]) -> [ServerJobs] {
        let byServer = Dictionary(grouping: jobs, by: \.serverId)
        let withPasswords = serverIdsWithPasswords()
        return servers().map { ServerJobs(server: $0, jobs: byServer[$0.id] ?? [], hasPassword: withPasswords.contains($0.id)) }
    }

    /// One server with its jobs at `now`.
    func serverWithJobs(_ server: ServerRecord, now: Int64) throws -> ServerJobs {
        ServerJobs(server: server, jobs: try jobs(serverId: server.id, now: now), hasPassword: sealedPassword(ofServer: server.id) != nil)
    }
}
