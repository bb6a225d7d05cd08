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
        let frequency = backups.overdueConfiguration().notificationFrequency
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

    /// How many jobs' notifications one HTTP channel (ntfy, webhook) takes at once.
    static let jobsAtOnce = 8
    /// How many e-mails are sent at once: mail providers limit concurrent SMTP sessions (some to
    /// three a mailbox) and answer more with 421, which would lose those jobs' alerts until the
    /// next check.
    static let mailsAtOnce = 2

    /// Sends `due` on each channel independently, a few jobs at a time; the keys of the jobs that
    /// reached at least one channel, in `due`'s order.
    ///
    /// A channel that could not be reached after its retries (unknown name, nothing listening, no
    /// answer in time) is not tried again in this check: one at a time, a hanging webhook held
    /// each job for its whole retry cycle, and ten overdue jobs took 17 minutes while their ntfy
    /// alerts waited. Now it costs one cycle, and the other channels do not wait for it; a job no
    /// channel reached is tried again at the next check.
    func deliver(_ due: [Due]) async -> [String] {
        let reached = await withTaskGroup(of: Set<String>.self) { lanes in
            for channel in NotificationChannel.allCases {
                let items = due.filter { $0.channels.contains(channel) }
                guard !items.isEmpty else { continue }
                lanes.addTask { await deliver(items, on: channel, atOnce: channel == .email ? Self.mailsAtOnce : Self.jobsAtOnce) }
            }
            var reached: Set<String> = []
            for await keys in lanes { reached.formUnion(keys) }
            return reached
        }
        return due.map(\.jobKey).filter(reached.contains)
    }

    /// Sends `items` on `channel`, `atOnce` at a time, until done or the channel proves unreachable;
    /// the keys of the jobs it reached.
    private func deliver(_ items: [Due], on channel: NotificationChannel, atOnce: Int) async -> Set<String> {
        var reached: Set<String> = []
        for start in stride(from: 0, to: items.count, by: atOnce) {
            let group = items[start..<min(start + atOnce, items.count)]
            let outcomes = await withTaskGroup(of: (String, Result<Void, DeliveryError>?).self) { tasks in
                for item in group {
                    tasks.addTask { (item.jobKey, await delivery.deliver(item.notification, on: [channel], retry: retry)[channel]) }
                }
                var outcomes: [(String, Result<Void, DeliveryError>?)] = []
                for await outcome in tasks { outcomes.append(outcome) }
                return outcomes
            }
            var unreachable = false
            for (jobKey, result) in outcomes {
                switch result {
                case .success: reached.insert(jobKey)
                case .failure(let error):
                    logger.warning(
                        "overdue notification failed",
                        metadata: ["channel": "\(channel.rawValue)", "job": "\(jobKey)", "reason": "\(error)"]
                    )
                    if error.isUnreachable { unreachable = true }
                case nil: break
                }
            }
            let left = items.count - start - group.count
            if unreachable && left > 0 {
                logger.warning(
                    "channel not tried again in this overdue check",
                    metadata: ["channel": "\(channel.rawValue)", "jobsLeft": "\(left)"]
                )
                break
            }
        }
        return reached
    }
}
