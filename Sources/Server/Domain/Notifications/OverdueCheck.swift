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
        let channels = delivery.configuredChannels()
        for job in jobs where job.verdict.checkEnabled {
            statistics.checkedBackups += 1
            // Only overdue jobs get their record written: a fleet of healthy jobs costs no writes
            // every few minutes (the scheduler's status says when the last check ran).
            guard job.verdict.isOverdue else { continue }
            var state = states[job.key] ?? OverdueStateRecord.State()
            state.lastOverdueCheck = now
            defer { updates[job.key] = state }
            statistics.overdueBackupsFound += 1
            guard Self.shouldNotify(state: states[job.key], latestRunEnd: job.lastRun.endTime, frequency: frequency, now: now),
                let server = servers[job.serverId]
            else { continue }
            let allowed = channels.filter(job.settings.allows)
            guard !allowed.isEmpty else { continue }
            let notification = templates.overdueBackup.render(NotificationVariables.overdue(job, server: server, now: now), event: "overdue")
            let outcome = await delivery.deliver(notification, on: allowed, retry: retry)
            for case (let channel, .failure(let error)) in outcome {
                logger.warning(
                    "overdue notification failed",
                    metadata: ["channel": "\(channel.rawValue)", "job": "\(job.key)", "reason": "\(error)"]
                )
            }
            if outcome.values.contains(where: { if case .success = $0 { true } else { false } }) {
                state.lastNotificationSent = now
                statistics.notificationsSent += 1
            }
        }
        try await backups.saveOverdueStates(updates, replacing: states)
        return statistics
    }
}
