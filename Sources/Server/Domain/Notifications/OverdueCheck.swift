import Logging

/// The overdue check (`monitoring.md` §3): finds overdue jobs, notifies by the repeat rules and
/// records when each job was checked and notified.
struct OverdueCheck: Sendable {
    let backups: BackupStore
    let delivery: NotificationDelivery
    let clock: any WallClock
    var retry = RetryPolicy.standard
    let logger: Logger

    /// What one check did (`POST /api/notifications/check-overdue`).
    struct Statistics: Sendable, Codable, Equatable {
        var totalBackupConfigs = 0
        var checkedBackups = 0
        var overdueBackupsFound = 0
        var notificationsSent = 0
    }

    /// Whether an overdue job is notified now.
    static func shouldNotify(state: OverdueStateRecord.State?, latestRunEnd: Int64, frequency: NotificationFrequency, now: Int64) -> Bool {
        guard let sent = state?.lastNotificationSent else { return true }
        // A run after the last notification means this is a new overdue episode.
        if latestRunEnd > sent { return true }
        guard let wait = frequency.repeatAfterMs else { return false }
        return now - sent >= wait
    }

    /// Runs the check once.
    func run() async throws -> Statistics {
        let now = clock.now()
        let jobs = try backups.jobs(now: now)
        let states = backups.overdueStates()
        let frequency = backups.store.read { BackupStore.overdueConfiguration($0) }.notificationFrequency
        let templates = backups.configuration(.templates, as: NotificationTemplates.self) ?? .defaults
        let servers = Dictionary(backups.servers().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var statistics = Statistics(totalBackupConfigs: backups.allSettings().count)
        var updates: [String: OverdueStateRecord.State] = [:]
        var due: [Due] = []
        let channels = delivery.configuredChannels()
        for job in jobs where job.verdict.checkEnabled {
            statistics.checkedBackups += 1
            // Only overdue jobs get their record written: a fleet of healthy jobs costs no writes
            // every few minutes (the scheduler's status says when the last check ran).
            guard job.verdict.isOverdue else { continue }
            var state = states[job.key] ?? OverdueStateRecord.State()
            state.lastOverdueCheck = now
            updates[job.key] = state
            statistics.overdueBackupsFound += 1
            guard Self.shouldNotify(state: states[job.key], latestRunEnd: job.lastRun.endTime, frequency: frequency, now: now),
                let server = servers[job.serverId]
            else { continue }
            let allowed = channels.filter(job.settings.allows)
            guard !allowed.isEmpty else { continue }
            let notification = templates.overdueBackup.render(NotificationVariables.overdue(job, server: server, now: now), event: "overdue")
            due.append(Due(jobKey: job.key, notification: notification, channels: allowed))
        }
        for jobKey in await deliver(due) {
            updates[jobKey]?.lastNotificationSent = now
            statistics.notificationsSent += 1
        }
        try await backups.saveOverdueStates(updates, replacing: states)
        return statistics
    }

    /// An overdue notification to send.
    struct Due: Sendable {
        var jobKey: String
        var notification: OutgoingNotification
        var channels: [NotificationChannel]
    }

    /// How many jobs' notifications are sent at once.
    static let jobsAtOnce = 8

    /// Sends `due` a few jobs at a time; the keys of the jobs that reached at least one channel.
    ///
    /// A channel that could not be reached after its retries (unknown name, nothing listening, no
    /// answer in time) is not tried again in this check: one at a time, a hanging webhook held
    /// each job for its whole retry cycle, and ten overdue jobs took 17 minutes while their ntfy
    /// alerts waited. Now it costs one cycle; a job no channel reached is tried again at the next
    /// check.
    func deliver(_ due: [Due]) async -> [String] {
        var unreachable: Set<NotificationChannel> = []
        var reached: [String] = []
        for start in stride(from: 0, to: due.count, by: Self.jobsAtOnce) {
            let group = due[start..<min(start + Self.jobsAtOnce, due.count)]
            let skipped = unreachable
            let outcomes = await withTaskGroup(of: (String, NotificationDelivery.Outcome).self) { tasks in
                for item in group {
                    let channels = item.channels.filter { !skipped.contains($0) }
                    guard !channels.isEmpty else { continue }
                    tasks.addTask { (item.jobKey, await delivery.deliver(item.notification, on: channels, retry: retry)) }
                }
                var outcomes: [(String, NotificationDelivery.Outcome)] = []
                for await outcome in tasks { outcomes.append(outcome) }
                return outcomes
            }
            for (jobKey, outcome) in outcomes {
                for case (let channel, .failure(let error)) in outcome {
                    logger.warning(
                        "overdue notification failed",
                        metadata: ["channel": "\(channel.rawValue)", "job": "\(jobKey)", "reason": "\(error)"]
                    )
                    if error.isUnreachable { unreachable.insert(channel) }
                }
                if outcome.values.contains(where: { if case .success = $0 { true } else { false } }) { reached.append(jobKey) }
            }
            let newlyUnreachable = unreachable.subtracting(skipped)
            if !newlyUnreachable.isEmpty && start + Self.jobsAtOnce < due.count {
                logger.warning(
                    "channel not tried again in this overdue check",
                    metadata: [
                        "channels": "\(newlyUnreachable.map(\.rawValue).sorted().joined(separator: ","))",
                        "jobsLeft": "\(due.count - start - Self.jobsAtOnce)",
                    ]
                )
            }
        }
        return reached
    }
}
