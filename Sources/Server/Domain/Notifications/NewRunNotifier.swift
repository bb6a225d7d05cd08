import Logging
import ServiceLifecycle
import Synchronization

/// New-run notifications (`monitoring.md` §5) in the background: the upload only hands the stored
/// run over and answers at once; one worker per channel delivers them in order.
///
/// A run goes first into the intake, which a dispatcher empties into the queue of each configured
/// channel the job allows (reading the channel configuration off the upload's path). Each channel
/// has its own bounded queue (`capacity` runs waiting): a channel that hangs delays only its own
/// deliveries, and when a burst fills a queue the oldest waiting run is dropped from it and
/// counted, so a flood of uploads never opens unbounded connections nor grows memory.
final class NewRunNotifier: Service, Sendable {
    /// Runs waiting for delivery on one channel, or in the intake, at most.
    static let capacity = 100

    let delivery: NotificationDelivery
    let logger: Logger
    let retry: RetryPolicy
    /// Runs handed over by uploads, before their channels are known.
    private let intake = RunQueue(capacity: NewRunNotifier.capacity)
    /// Each channel's queue.
    private let lanes: [(channel: NotificationChannel, queue: RunQueue)]
    /// Runs handed over since start.
    private let handedOver = Atomic(0)

    init(delivery: NotificationDelivery, logger: Logger, retry: RetryPolicy = .standard) {
        self.delivery = delivery
        self.logger = logger
        self.retry = retry
        lanes = NotificationChannel.allCases.map { ($0, RunQueue(capacity: Self.capacity)) }
    }

    /// Runs handed over for delivery since start (what was sent, failed or dropped is in the
    /// delivery's record).
    var queuedRuns: Int { handedOver.load(ordering: .relaxed) }

    /// Hands a stored run over if its job's settings ask for a notification of it; never waits,
    /// never fails.
    func enqueue(_ run: ParsedRun) {
        // Most runs notify nobody (by default a job asks for warnings and errors only). Deciding
        // that here keeps them out of the bounded queues, so a burst of successful runs cannot push
        // out a failed run waiting for a slow channel. The workers check again when they deliver.
        guard settings(of: run).notifies(status: run.status, errors: run.errors) else { return }
        handedOver.add(1, ordering: .relaxed)
        if let dropped = intake.offer(run) { noteDropped(dropped, channel: nil) }
    }

    /// Delivers queued runs until shutdown, which cancels the deliveries in progress (and their
    /// retries): shutdown never waits for an unreachable server. Runs still waiting then are not
    /// sent, and the log says how many.
    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { workers in
                workers.addTask { await self.dispatch() }
                for lane in lanes {
                    workers.addTask { await self.drain(lane.queue, on: lane.channel) }
                }
            }
        }
        intake.finish()
        for lane in lanes { lane.queue.finish() }
        let unsent = lanes.reduce(intake.waiting) { $0 + $1.queue.waiting }
        if unsent > 0 {
            logger.warning("shutting down: queued notifications not sent", metadata: ["notifications": "\(unsent)"])
        }
    }

    /// Moves each run of the intake to the queues of the configured channels its job allows.
    private func dispatch() async {
        for await run in intake.runs {
            guard !Task.isCancelled else { break }
            intake.took()
            let channels = delivery.configuredChannels().filter(settings(of: run).allows)
            for lane in lanes where channels.contains(lane.channel) {
                if let dropped = lane.queue.offer(run) { noteDropped(dropped, channel: lane.channel) }
            }
        }
    }

    /// Counts and logs a run dropped from a full queue (`channel` nil: the intake).
    private func noteDropped(_ run: ParsedRun, channel: NotificationChannel?) {
        delivery.record.noteDropped()
        logger.warning(
            "notification queue full: the oldest waiting run was dropped",
            metadata: ["channel": "\(channel?.rawValue ?? "all")", "backupId": "\(run.id)"]
        )
    }

    /// Delivers `queue`'s runs on `channel` one after another until cancelled.
    ///
    /// While runs wait behind a channel that could not be reached after its retries (unknown
    /// name, nothing listening, no answer), each gets one attempt until the channel answers again:
    /// a hanging webhook would otherwise cost each run of the queue its whole retry cycle (about
    /// two minutes). A run with none behind it gets every retry.
    private func drain(_ queue: RunQueue, on channel: NotificationChannel) async {
        var answers = true
        for await run in queue.runs {
            guard !Task.isCancelled else { break }
            queue.took()
            let attempts = answers || queue.waiting == 0 ? retry : .once
            guard let result = await notify(run, on: channel, retry: attempts) else { continue }
            switch result {
            case .success:
                if !answers { logger.info("notification channel answers again", metadata: ["channel": "\(channel.rawValue)"]) }
                answers = true
            case .failure(let error):
                logger.warning(
                    "notification failed",
                    metadata: ["channel": "\(channel.rawValue)", "backupId": "\(run.id)", "reason": "\(error)"]
                )
                if answers && error.isUnreachable {
                    logger.warning(
                        "notification channel unreachable: runs waiting behind it get one attempt each until it answers",
                        metadata: ["channel": "\(channel.rawValue)"]
                    )
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
