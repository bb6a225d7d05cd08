import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs blocking work (write + fsync loops, compaction) on its own OS thread, outside Swift's
/// cooperative pool, so a slow disk never starves request handling.
enum DedicatedThread {
    /// How the thread competes for the CPU.
    enum Priority: Sendable {
        /// As the thread that starts it: work someone waits for (commits, opens, snapshots).
        case normal
        /// Ten nice levels below the starting thread: bulk work that takes no lock others wait
        /// for (the scrub), so it yields while requests, commits or other programs need the CPU.
        case background
    }

    private final class Box {
        let priority: Priority
        let body: () -> Void
        init(priority: Priority, body: @escaping () -> Void) {
            self.priority = priority
            self.body = body
        }
    }

    /// Starts `body` on a new detached thread.
    static func start(priority: Priority = .normal, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(priority: priority, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread,
            nil,
            { raw in
                guard let raw else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                if box.priority == .background { DedicatedThread.lowerOwnPriority() }
                box.body()
                return nil
            },
            box
        )
        precondition(status == 0, "pthread_create failed")
        pthread_detach(thread)
    }

    /// Runs `body` on a new thread at `priority` and waits for its result.
    static func run<Value: Sendable>(priority: Priority, _ body: @escaping @Sendable () throws -> Value) throws -> Value {
        let outcome = Locked<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        start(priority: priority) {
            let result = Result { try body() }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = outcome.withLock({ $0 }) else { preconditionFailure("the thread signalled without a result") }
        return try result.get()
    }

    /// This thread's nice value, as `getpriority` reports it (Linux keeps one per thread).
    static func ownNiceValue() -> Int32 {
        getpriority(which, 0)
    }

    /// Raises the calling thread's nice value by 10, at most to 19. Who 0 is the calling thread:
    /// on Linux a nice value is per thread, so the rest of the process keeps its own.
    private static func lowerOwnPriority() {
        _ = setpriority(which, 0, min(ownNiceValue() + 10, 19))
    }

    #if canImport(Glibc)
    private static let which = __priority_which_t(PRIO_PROCESS.rawValue)
    #else
    private static let which = PRIO_PROCESS
    #endif
}
