import Logging
import ServiceLifecycle
import Synchronization

/// The in-process scheduler (`monitoring.md` §4): runs the overdue check every `cron-config`
/// interval; a run never overlaps another (a trigger during a run waits for it and reports it).
final class MonitoringScheduler: Service, Sendable {
    /// The tasks it runs.
    enum TaskName: String, Sendable, CaseIterable {
        case overdueCheck = "overdue-check"
    }

    /// One task's state for `/api/cron/status`.
    struct TaskState: Sendable {
        var lastRun: Int64?
        /// When the next check is due under the interval in force; nil when checks are off.
        var nextRun: Int64?
        var lastError: String?
        var lastStatistics: OverdueCheck.Statistics?
        var running: Bool
    }

    /// What the scheduler keeps between checks; `status` adds the next run, which depends on the
    /// interval in force when it is read.
    private struct Record: Sendable {
        var lastRun: Int64?
        var lastError: String?
        var lastStatistics: OverdueCheck.Statistics?
        var running = false
    }

    let check: OverdueCheck
    let clock: any WallClock
    let logger: Logger
    /// When the scheduler was made (the server's start): the first check waits a period after it.
    private let started: Int64
    private let record = Mutex(Record())
    private let gate = RunGate()

    init(check: OverdueCheck, clock: any WallClock, logger: Logger) {
        self.check = check
        self.clock = clock
        self.logger = logger
        started = clock.now()
    }

    /// The state now, with the next run of the interval in force.
    ///
    /// Worked out on each read, so an answer right after the interval changed names the new slot.
    var status: TaskState {
        let current = record.withLock { $0 }
        return TaskState(
            lastRun: current.lastRun,
            nextRun: nextRun(lastRun: current.lastRun),
            lastError: current.lastError,
            lastStatistics: current.lastStatistics,
            running: current.running
        )
    }

    /// When the next check is due after one that ran at `lastRun`; nil when checks are off.
    private func nextRun(lastRun: Int64?) -> Int64? {
        guard let period = interval.periodMs else { return nil }
        // The first check waits a whole period after the start at least, as it always did: a
        // restart (or a test's short-lived server) does not check within seconds.
        return Self.slot(after: lastRun ?? started + period - 1, period: period)
    }
    /// The interval in force.
    var interval: CronInterval { check.backups.checkInterval }
    /// Whether checks run on their own (`cron-config` can switch them off; a trigger still runs one).
    var isScheduling: Bool { interval != .disabled }

    /// Runs the overdue check now (waiting for a run in progress first); its statistics.
    func trigger() async throws -> OverdueCheck.Statistics {
        try await gate.exclusively {
            record.withLock { $0.running = true }
            defer { record.withLock { $0.running = false } }
            let started = clock.now()
            do {
                let statistics = try await check.run()
                record.withLock {
                    $0.lastRun = started
                    $0.lastError = nil
                    $0.lastStatistics = statistics
                }
                return statistics
            } catch {
                record.withLock {
                    $0.lastRun = started
                    $0.lastError = String(describing: error).prefix(300).description
                }
                throw error
            }
        }
    }

    /// Sleeps until each check is due; re-reads the interval every few seconds so a change applies at once.
    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = clock.now()
            guard let due = status.nextRun else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
                continue
            }
            if now >= due {
                do { _ = try await trigger() } catch { logger.warning("overdue check failed", metadata: ["reason": "\(error)"]) }
                continue
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(min(due - now, 5_000))) }
        }
    }
}

extension MonitoringScheduler {
    /// The first run time of the interval's cron expression after `instant` (epoch ms, UTC): the
    /// next multiple of `period`, as `*/5 * * * *` runs at :00, :05, … and `0 */2 * * *` at even
    /// hours (`monitoring.md` §4), however long after a boundary the server started or the check
    /// last ran.
    static func slot(after instant: Int64, period: Int64) -> Int64 {
        (instant / period + 1) * period
    }
}

/// Lets one operation run at a time; later callers wait their turn.
actor RunGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `operation` when no other is running.
    func exclusively<Value: Sendable>(_ operation: @Sendable () async throws -> Value) async throws -> Value {
        while busy { await withCheckedContinuation { waiters.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiters.isEmpty { waiters.removeFirst().resume() }
        }
        return try await operation()
    }
}
