import Logging
import ServiceLifecycle
import Synchronization

/// New-run notifications (`monitoring.md` §5) in the background: the upload only hands the stored
/// run over and answers at once; one worker per channel delivers them in order.
///
/// Each channel has its own bounded queue (`capacity` runs waiting): a channel that hangs delays
/// only its own deliveries, and when a burst fills a queue the oldest waiting run is dropped from
/// it and counted, so a flood of uploads never opens unbounded connections nor grows memory.
final class NewRunNotifier: Service, Sendable {
    /// Runs waiting for delivery on one channel at most.
    static let capacity = 100

    let delivery: NotificationDelivery
    let logger: Logger
    let retry: RetryPolicy
    private let lanes: [DeliveryLane]
    /// Runs handed over since start.
    private let handedOver = Atomic(0)

    init(delivery: NotificationDelivery, logger: Logger, retry: RetryPolicy = .standard) {
        self.delivery = delivery
        self.logger = logger
        self.retry = retry
        lanes = NotificationChannel.allCases.map { DeliveryLane($0, capacity: Self.capacity) }
    }

    /// Runs handed over for delivery since start (what was sent, failed or dropped is in the
    /// delivery's record).
    var queuedRuns: Int { handedOver.load(ordering: .relaxed) }

    /// Hands a stored run over to the channels its job's settings ask to be notified of it on;
    /// never waits, never fails.
    func enqueue(_ run: ParsedRun) {
        // Most runs notify nobody (by default a job asks for warnings and errors only). Deciding
        // that here keeps them out of the bounded queues, so a burst of successful runs cannot push
        // out a failed run waiting for a slow channel. The workers check again when they deliver.
        let settings = settings(of: run)
        guard settings.notifies(status: run.status, errors: run.errors) else { return }
        let channels = delivery.configuredChannels().filter(settings.allows)
        guard !channels.isEmpty else { return }
        handedOver.add(1, ordering: .relaxed)
        for lane in lanes where channels.contains(lane.channel) {
            guard let dropped = lane.offer(run) else { continue }
            delivery.record.noteDropped()
            logger.warning(
                "notification queue full: the oldest waiting run was dropped",
                metadata: ["channel": "\(lane.channel.rawValue)", "backupId": "\(dropped.id)"]
            )
        }
    }

    /// Delivers queued runs until shutdown, which cancels the deliveries in progress (and their
    /// retries): shutdown never waits for an unreachable server. Runs still waiting then are not
    /// sent, and the log says how many.
    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { workers in
                for lane in lanes {
                    workers.addTask { await self.drain(lane) }
                }
            }
        }
        for lane in lanes { lane.finish() }
        let unsent = lanes.reduce(0) { $0 + $1.waiting }
        if unsent > 0 {
            logger.warning("shutting down: queued notifications not sent", metadata: ["notifications": "\(unsent)"])
        }
    }

    /// Delivers `lane`'s runs one after another until cancelled.
    ///
    /// A channel that could not be reached after its retries (unknown name, nothing listening, no
    /// answer) gets one attempt per run until it answers again: a hanging webhook would otherwise
    /// cost each run of the queue its whole retry cycle (about two minutes).
    private func drain(_ lane: DeliveryLane) async {
        var answers = true
        for await run in lane.runs {
            guard !Task.isCancelled else { break }
            lane.took()
            guard let result = await notify(run, on: lane.channel, retry: answers ? retry : .once) else { continue }
            let channel = lane.channel.rawValue
            switch result {
            case .success:
                if !answers { logger.info("notification channel answers again", metadata: ["channel": "\(channel)"]) }
                answers = true
            case .failure(let error):
                logger.warning("notification failed", metadata: ["channel": "\(channel)", "backupId": "\(run.id)", "reason": "\(error)"])
                if answers && error.isUnreachable {
                    logger.warning("notification channel unreachable: one attempt per run until it answers", metadata: ["channel": "\(channel)"])
                }
                answers = !error.isUnreachable
            }
        }
    }

    /// Renders and sends one run's notification on `channel`, if its job's settings still ask for
    /// one there and the channel is still configured; nil when nothing was sent.
    func notify(_ run: ParsedRun, on channel: NotificationChannel, retry: RetryPolicy) async -> Result<Void, DeliveryError>? {
        let backups = delivery.backups
        let settings = settings(of: run)
        guard settings.notifies(status: run.status, errors: run.errors), settings.allows(channel),
            delivery.configuredChannels().contains(channel), let server = backups.server(run.serverId)
        else { return nil }
        let templates = backups.configuration(.templates, as: NotificationTemplates.self) ?? .defaults
        let template = run.status == .success ? templates.success : templates.warning
        var notification = template.render(NotificationVariables.backup(run, server: server), event: "backup")
        notification.runId = run.id
        return await delivery.deliver(notification, on: [channel], retry: retry)[channel]
    }

    /// The settings of the run's job (the defaults for a job without any).
    private func settings(of run: ParsedRun) -> BackupSettings {
        let key = ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)
        return delivery.backups.settings(forJob: key) ?? .defaults(firstRun: run.beginTime)
    }
}
