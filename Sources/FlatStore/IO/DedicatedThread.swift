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
        let name: String
        let priority: Priority
        let body: () -> Void
        init(name: String, priority: Priority, body: @escaping () -> Void) {
            self.name = name
            self.priority = priority
            self.body = body
        }
    }

    /// Starts `body` on a new detached thread called `name`.
    ///
    /// Without a name a thread takes its starter's, mostly a Dispatch worker's ("…default-qos"),
    /// so `top -H`, `ps -T` and a per-thread `perf stat` could not tell the commit thread from the
    /// workers that answer requests. Linux keeps 15 bytes of a name.
    static func start(named name: String, priority: Priority = .normal, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(name: name, priority: priority, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread,
            nil,
            { raw in
                guard let raw else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                DedicatedThread.nameOwnThread(box.name)
                if box.priority == .background { DedicatedThread.lowerOwnPriority() }
                box.body()
                return nil
            },
            box
        )
        precondition(status == 0, "pthread_create failed")
        pthread_detach(thread)
    }

    /// Runs `body` on a new thread called `name` at `priority` and waits for its result.
    static func run<Value: Sendable>(
        named name: String,
        priority: Priority,
        _ body: @escaping @Sendable () throws -> Value
    ) throws -> Value {
        let outcome = Locked<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        start(named: name, priority: priority) {
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

    /// Names the calling thread, cut to the 15 bytes Linux keeps. Through `/proc` because Swift
    /// does not see `pthread_setname_np` (a GNU extension of the C headers); a failure leaves
    /// the inherited name, which costs a diagnosis its clarity, never a write.
    private static func nameOwnThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
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
