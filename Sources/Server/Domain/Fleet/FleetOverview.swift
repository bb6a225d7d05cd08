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

    /// The overview at `now`: the job states and fleet figures kept for the same store version,
    /// so the work grows with jobs and servers, never with runs, and the summary's job figures
    /// agree with the jobs beside it.
    func overview(now: Int64) throws -> FleetOverview {
        let store = self.store
        let (kept, figures) = try store.read { view in
            let jobs = try keptJobStates.value(of: store, view) { try Self.unjudgedJobs(view, serverId: nil) }
            return (jobs, keptFleetFigures.value(of: store, view) { Self.fleetFigures(jobs: jobs, view) })
        }
        var jobs = kept
        for index in jobs.indices { jobs[index].verdict.judge(at: now) }
        return FleetOverview(summary: FleetSummary(figures, now: now), servers: serversWithJobs(jobs: jobs))
    }

    /// The job states of `jobs` (sorted by server, as `jobs(now:)` gives them) under every known
    /// server (a server without jobs has none).
    private func serversWithJobs(jobs: [JobState]) -> [ServerJobs] {
        var rangeOfServer: [String: Range<Int>] = [:]
        var start = jobs.startIndex
        while start < jobs.endIndex {
            let serverId = jobs[start].serverId
            let end = jobs[start...].firstIndex { $0.serverId != serverId } ?? jobs.endIndex
            assert(rangeOfServer[serverId] == nil, "jobs not sorted by server")
            rangeOfServer[serverId] = start..<end
            start = end
        }
        let withPasswords = serverIdsWithPasswords()
        return servers().map { server in
            ServerJobs(
                server: server,
                jobs: rangeOfServer[server.id].map { Array(jobs[$0]) } ?? [],
                hasPassword: withPasswords.contains(server.id)
            )
        }
    }

    /// One server with its jobs at `now`.
    func serverWithJobs(_ server: ServerRecord, now: Int64) throws -> ServerJobs {
        ServerJobs(server: server, jobs: try jobs(serverId: server.id, now: now), hasPassword: sealedPassword(ofServer: server.id) != nil)
    }
}
