/// The fleet figures monitoring tools scrape: sizes of the collections, the latest state of every
/// job, and how many runs began recently.
struct FleetActivity: Sendable, Equatable {
    /// How far back "recent" reaches: 24 hours.
    static let recentWindowMilliseconds: Int64 = 86_400_000

    /// Known servers.
    var servers: Int
    /// Stored runs.
    var runs: Int
    /// The jobs counted by the status of their latest run.
    var latestStatuses: StatusTally
    /// Jobs overdue at the instant of reading.
    var overdue: Int
    /// Runs that began in the 24 hours up to the instant of reading.
    var recentRuns: Int
}

extension BackupStore {
    /// The activity at `now`, from `jobs` (the states at `now`) and the indexes: the recent count is
    /// a range count per job, never a pass over every run.
    func fleetActivity(jobs: [JobState], now: Int64) throws -> FleetActivity {
        let since = now - FleetActivity.recentWindowMilliseconds
        let (servers, runs, recent) = try store.read { view in
            let recent = try view.partitions(ParsedRun.self, index: ParsedRun.byJob).reduce(0) { sum, job in
                try sum + view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: job, from: since, to: now, limit: 0).total
            }
            return (view.count(ServerRecord.self), view.count(ParsedRun.self), recent)
        }
        return FleetActivity(
            servers: servers,
            runs: runs,
            latestStatuses: StatusTally(jobs.map(\.lastRun.status)),
            overdue: jobs.filter(\.verdict.isOverdue).count,
            recentRuns: recent
        )
    }
}
