import Dispatch
import Synchronization

/// Serializes background work — snapshots, compactions, deleting superseded files — and runs the
/// periodic loop on its own thread.
final class Maintenance: Sendable {
    private let exclusive = DispatchSemaphore(value: 1)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let flags = Mutex((started: false, stopping: false))

    /// Runs `body` while no other maintenance work runs.
    func exclusively<Result>(_ body: () throws -> Result) rethrows -> Result {
        exclusive.wait()
        defer { exclusive.signal() }
        return try body()
    }

    /// Starts the loop, calling `tick` every `interval` seconds until `stop()`.
    func start(interval: Double, tick: @escaping @Sendable () -> Void) {
        flags.withLock { $0.started = true }
        DedicatedThread.start(named: "store-maintain") { [self] in
            while true {
                _ = wake.wait(timeout: .now() + .milliseconds(Int(interval * 1000)))
                if flags.withLock({ $0.stopping }) { break }
                tick()
            }
            finished.signal()
        }
    }

    /// Stops the loop and waits for the work in progress to finish.
    func stop() {
        let started = flags.withLock { flags -> Bool in
            defer { flags.stopping = true }
            return flags.started && !flags.stopping
        }
        guard started else { return }
        wake.signal()
        finished.wait()
    }
}
