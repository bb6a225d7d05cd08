import Synchronization

/// Runs read-modify-write operations on server records one at a time.
///
/// Uploads that only add runs never wait here; only creating or renaming a server, the admin
/// operations (update, delete, merge, cleanup) and the writes that read first (job settings, the
/// overdue check's records, a Duplicati password) do — so an upload cannot write back a stale
/// copy of a server a user just edited, nor a record of a server just deleted come back. An upload that skipped the queue learns from `mark()` and
/// `overlapped(since:)` whether an operation ran beside it, and then settles up in the queue.
///
/// An operation runs in its caller's task, not in a task of its own: it keeps the caller's
/// executor preference, so an upload that creates a server stays on its connection's event loop.
actor SerialWrites {
    /// Whether an operation is running (or has just been handed its turn).
    private var busy = false
    /// Callers waiting for their turn, first come first served.
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Operations begun plus operations ended, of those that may remove records: odd while one runs.
    private let epoch = Atomic<UInt64>(0)

    /// A mark to pass to `overlapped(since:)` later.
    nonisolated func mark() -> UInt64 { epoch.load(ordering: .sequentiallyConsistent) }

    /// Whether an operation that may remove records was running at `mark`, or has begun since.
    nonisolated func overlapped(since mark: UInt64) -> Bool { mark & 1 == 1 || self.mark() != mark }

    /// Runs `operation` after every operation queued before it has finished.
    ///
    /// A cancelled caller still waits for its turn and runs. The operation runs in the caller's
    /// task, so it must not stop half-way at a cancellation point (`Task.sleep`, a network call)
    /// between writes, and must not call `run` itself: it would wait for its own turn for ever.
    /// `addsOnly` says the operation removes nothing (it creates a server, settles an upload, or
    /// stores an overdue record or a password),
    /// so uploads beside it need not settle up: were they counted, every upload that overlapped a
    /// settle would settle in turn, and a busy hour would queue them all.
    func run<Result: Sendable>(addsOnly: Bool = false, _ operation: @Sendable () async throws -> Result) async throws -> Result {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        if !addsOnly { epoch.add(1, ordering: .sequentiallyConsistent) }
        defer {
            if !addsOnly { epoch.add(1, ordering: .sequentiallyConsistent) }
            handOver()
        }
        return try await operation()
    }

    /// Gives the turn to the next caller waiting, or frees it.
    private func handOver() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
