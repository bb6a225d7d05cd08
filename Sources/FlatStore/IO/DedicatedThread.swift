#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs blocking work (write + fsync loops, compaction) on its own OS thread, outside Swift's
/// cooperative pool, so a slow disk never starves request handling.
enum DedicatedThread {
    /// How the thread competes for the CPU.
    enum Priority {
        /// As the process's other threads: work someone waits for (commits, opens, closes).
        case normal
        /// Nice 10: periodic bulk work (scrubs, snapshots, compactions) that can wait while the
        /// threads answering requests need the CPU; on Linux a thread's nice value is its own.
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
                #if os(Linux)
                // Who 0 is the calling thread: Linux keeps a nice value per thread.
                if box.priority == .background { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
                #endif
                box.body()
                return nil
            },
            box
        )
        precondition(status == 0, "pthread_create failed")
        pthread_detach(thread)
    }
}
