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
    private let counters = Mutex(Counters())

    /// What the notifier did since start.
    struct Counters: Sendable, Equatable, Codable {
        var queued = 0
        var sent = 0
        var failed = 0
        var dropped = 0
    }

    init(delivery: NotificationDelivery, logger: Logger, retry: RetryPolicy = .standard) {
        self.delivery = delivery
        self.logger = logger
        self.retry = retry
        (stream, continuation) = AsyncStream.makeStream(of: ParsedRun.self, bufferingPolicy: .bufferingNewest(Self.capacity))
    }

    /// The counters now.
    var statistics: Counters { counters.withLock { $0 } }

    /// Hands a stored run over if its job's settings ask for a notification of it; never waits,
    /// never fails.
    func enqueue(_ run: ParsedRun) {
        // Most runs notify nobody (by default a job asks for warnings and errors only). Deciding
        // that here keeps them out of the bounded queue, so a burst of successful runs cannot push
        // out a failed run waiting for a slow channel. The worker checks again when it delivers.
        guard settings(of: run).notifies(status: run.status, errors: run.errors) else { return }
        let result = continuation.yield(run)
        counters.withLock { counters in
            counters.queued += 1
            if case .dropped = result { counters.dropped += 1 }
        }
        if case .dropped(let old) = result {
            logger.warning("notification queue full: the oldest waiting run was dropped", metadata: ["backupId": "\(old.id)"])
        }
    }

    /// Delivers queued runs until shutdown, which cancels a delivery in progress (and its retries):
    /// shutdown never waits for an unreachable server. Runs still waiting then are not sent.
    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            for await run in stream {
                guard !Task.isCancelled else { break }
                await notify(run)
            }
        }
        continuation.finish()
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
        for (channel, result) in outcome {
            switch result {
            case .success:
                counters.withLock { $0.sent += 1 }
            case .failure(let error):
                counters.withLock { $0.failed += 1 }
                logger.warning("notification failed", metadata: ["channel": "\(channel.rawValue)", "backupId": "\(run.id)", "reason": "\(error)"])
            }
        }
    }

    /// The settings of the run's job (the defaults for a job without any).
    private func settings(of run: ParsedRun) -> BackupSettings {
        let key = ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)
        return delivery.backups.settings(forJob: key) ?? .defaults(firstRun: run.beginTime)
    }
}
