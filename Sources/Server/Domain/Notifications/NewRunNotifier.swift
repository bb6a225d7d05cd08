import Logging
import ServiceLifecycle
import Synchronization

/// New-run notifications (`monitoring.md` §5) in the background: the upload only hands the stored
/// run over and answers at once; one worker delivers them in order.
///
/// The queue is bounded (`capacity` runs waiting): when a burst fills it, the oldest waiting run
/// is dropped and counted, so a flood of uploads never opens unbounded connections nor grows memory.
final class NewRunNotifier: Service, Sendable {
    /// Runs waiting for delivery at most.
    static let capacity = 100

    let delivery: NotificationDelivery
    let logger: Logger
    let retry: RetryPolicy
    private let stream: AsyncStream<ParsedRun>
    private let continuation: AsyncStream<ParsedRun>.Continuation
    /// Runs handed over since start, and runs in the queue now (for the shutdown's word on what
    /// it leaves unsent); the queue's `yield` happens under the same lock, so the two agree.
    private let counts = Mutex((queued: 0, waiting: 0))

    init(delivery: NotificationDelivery, logger: Logger, retry: RetryPolicy = .standard) {
        self.delivery = delivery
        self.logger = logger
        self.retry = retry
        (stream, continuation) = AsyncStream.makeStream(of: ParsedRun.self, bufferingPolicy: .bufferingNewest(Self.capacity))
    }

    /// Runs handed over for delivery since start (what was sent, failed or dropped is in the
    /// delivery's record).
    var queuedRuns: Int { counts.withLock { $0.queued } }

    /// Hands a stored run over if its job's settings ask for a notification of it; never waits,
    /// never fails.
    func enqueue(_ run: ParsedRun) {
        // Most runs notify nobody (by default a job asks for warnings and errors only). Deciding
        // that here keeps them out of the bounded queue, so a burst of successful runs cannot push
        // out a failed run waiting for a slow channel. The worker checks again when it delivers.
        guard settings(of: run).notifies(status: run.status, errors: run.errors) else { return }
        let result = counts.withLock { counts in
            let result = continuation.yield(run)
            counts.queued += 1
            if case .enqueued = result { counts.waiting += 1 }
            return result
        }
        if case .dropped(let old) = result {
            delivery.record.noteDropped()
            logger.warning("notification queue full: the oldest waiting run was dropped", metadata: ["backupId": "\(old.id)"])
        }
    }

    /// Delivers queued runs until shutdown, which cancels a delivery in progress (and its retries):
    /// shutdown never waits for an unreachable server. Runs still waiting then are not sent, and
    /// the log says how many.
    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            for await run in stream {
                guard !Task.isCancelled else { break }
                counts.withLock { $0.waiting -= 1 }
                await notify(run)
            }
        }
        continuation.finish()
        let unsent = counts.withLock { $0.waiting }
        if unsent > 0 {
            logger.warning("shutting down: queued notifications not sent", metadata: ["runs": "\(unsent)"])
        }
    }

    /// Renders and sends one run's notification, if its job's settings ask for one.
    func notify(_ run: ParsedRun) async {
        let backups = delivery.backups
        let settings = settings(of: run)
        guard settings.notifies(status: run.status, errors: run.errors), let server = backups.server(run.serverId) else { return }
        let channels = delivery.configuredChannels().filter(settings.allows)
        guard !channels.isEmpty else { return }
        let templates = backups.configuration(.templates, as: NotificationTemplates.self) ?? .defaults
        let template = run.status == .success ? templates.success : templates.warning
        var notification = template.render(NotificationVariables.backup(run, server: server), event: "backup")
        notification.runId = run.id
        let outcome = await delivery.deliver(notification, on: channels, retry: retry)
        for case (let channel, .failure(let error)) in outcome {
            logger.warning("notification failed", metadata: ["channel": "\(channel.rawValue)", "backupId": "\(run.id)", "reason": "\(error)"])
        }
    }

    /// The settings of the run's job (the defaults for a job without any).
    private func settings(of run: ParsedRun) -> BackupSettings {
        let key = ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)
        return delivery.backups.settings(forJob: key) ?? .defaults(firstRun: run.beginTime)
    }
}
