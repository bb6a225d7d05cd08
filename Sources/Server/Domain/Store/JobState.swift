import FlatStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything the dashboard shows about one backup job, read from the `byJob` index.
struct JobState: Sendable {
    /// The job's server.
    var serverId: String
    /// The job's backup name.
    var backupName: String
    /// The id of the newest run.
    var lastRunId: String
    /// The newest run.
    var lastRun: RunSummary
    /// When the first stored run began (epoch ms), the schedule's anchor.
    var firstRunTime: Int64
    /// Stored runs of the job.
    var runCount: Int
    /// The newest runs, newest first (at most 10).
    var recentRuns: [RecentRun]
    /// The overdue verdict at the time of reading.
    var verdict: OverdueVerdict
    /// The job's stored settings (the defaults for its first run when none are stored).
    var settings: BackupSettings

    /// `"<serverId>:<backupName>"`.
    var key: String { ParsedRun.jobKey(serverId: serverId, backupName: backupName) }

    /// Statuses of the newest runs, newest first (at most 10).
    var recentStatuses: [ParsedRun.Status] { recentRuns.map(\.summary.status) }

    /// One of a job's newest runs: its id and its index summary.
    struct RecentRun: Sendable, Equatable {
        /// The run's id.
        var id: String
        /// The run's figures as the index holds them.
        var summary: RunSummary
    }
}

extension BackupStore {
    /// The state of every job (of one server, or of all), sorted by server then name.
    ///
    /// Reads the last ten entries and the first entry of each job's partition: the work grows
    /// with the number of jobs, never with the number of runs. The fleet's states are kept until
    /// the next write, so only the verdicts, which depend on `now`, are worked out per call.
    func jobs(serverId: String? = nil, now: Int64) throws -> [JobState] {
        let store = self.store
        var jobs = try store.read { view in
            if let kept = keptJobStates.value(of: store, at: view.lastSequence) { return kept }
            // One server's page does not pay for the whole fleet's states.
            let built = try Self.unjudgedJobs(view, serverId: serverId)
            if serverId == nil { keptJobStates.keep(built, of: store, at: view.lastSequence) }
            return built
        }
        if let serverId { jobs.removeAll { $0.serverId != serverId } }
        for index in jobs.indices { jobs[index].verdict.judge(at: now) }
        return jobs
    }

    /// Every job's state with its verdict's expectation but not its judgement, which is all that
    /// depends on the clock.
    static func unjudgedJobs(_ view: StoreView, serverId: String?) throws -> [JobState] {
        let evaluator = OverdueEvaluator(tolerance: overdueConfiguration(view).overdueTolerance)
        var jobs: [JobState] = []
        for key in try view.partitions(ParsedRun.self, index: ParsedRun.byJob) {
            guard let split = key.firstIndex(of: ":") else { continue }
            if let serverId, key[..<split] != serverId { continue }
            let newest = try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: key, descending: true, limit: 10)
            let oldest = try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: key, limit: 1)
            guard let latest = newest.items.first, let first = oldest.items.first else { continue }
            let stored = view.summary(JobSettingsRecord.self, key: key)
            jobs.append(
                JobState(
                    serverId: String(key[..<split]),
                    backupName: String(key[key.index(after: split)...]),
                    lastRunId: latest.key,
                    lastRun: latest.summary,
                    firstRunTime: first.summary.beginTime,
                    runCount: newest.total,
                    recentRuns: newest.items.map { JobState.RecentRun(id: $0.key, summary: $0.summary) },
                    verdict: evaluator.expectation(
                        settings: stored,
                        firstRun: first.summary.beginTime,
                        latest: latest.summary,
                        recent: newest.items.map(\.summary.beginTime)
                    ),
                    settings: stored ?? .defaults(firstRun: first.summary.beginTime)
                )
            )
        }
        return jobs.sorted { ($0.serverId, $0.backupName) < ($1.serverId, $1.backupName) }
    }
}

extension BackupStore {
    /// The stored overdue configuration (tolerance, frequency), or the defaults.
    static func overdueConfiguration(_ view: StoreView) -> OverdueConfiguration {
        view.summary(ConfigurationRecord.self, key: ConfigurationSection.overdue.rawValue)
            .flatMap { try? JSONDecoder().decode(OverdueConfiguration.self, from: Data($0.utf8)) } ?? OverdueConfiguration()
    }
}
