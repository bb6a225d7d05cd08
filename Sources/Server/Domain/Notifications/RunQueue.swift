import Synchronization

/// A bounded queue of runs waiting for their new-run notification, for one consumer.
///
/// When full, the oldest waiting run gives way to the new one; the count of waiting runs is kept
/// under the same lock as the queue's `yield`, so it agrees with what the queue holds.
final class RunQueue: Sendable {
    /// The runs, oldest first, for the queue's one consumer.
    let runs: AsyncStream<ParsedRun>
    private let continuation: AsyncStream<ParsedRun>.Continuation
    private let count = Mutex(0)

    /// An empty queue holding at most `capacity` runs.
    init(capacity: Int) {
        (runs, continuation) = AsyncStream.makeStream(of: ParsedRun.self, bufferingPolicy: .bufferingNewest(capacity))
    }

    /// Runs waiting now.
    var waiting: Int { count.withLock { $0 } }

    /// Adds `run`; the oldest waiting run when the queue was full, which is then not delivered.
    func offer(_ run: ParsedRun) -> ParsedRun? {
        count.withLock { count in
            switch continuation.yield(run) {
            case .enqueued:
                count += 1
                return nil
            case .dropped(let oldest): return oldest
            case .terminated: return nil
            @unknown default: return nil
            }
        }
    }

    /// Notes that the consumer took the next run out of the queue.
    func took() {
        count.withLock { $0 -= 1 }
    }

    /// Ends the queue: later offers are ignored.
    func finish() {
        continuation.finish()
    }
}
