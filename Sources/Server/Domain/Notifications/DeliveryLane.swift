import Synchronization

/// One channel's bounded queue of runs waiting for their new-run notification.
///
/// Each channel has its own, so a channel that hangs delays only its own deliveries: the others'
/// notifications of the same runs leave at once.
final class DeliveryLane: Sendable {
    /// The channel whose deliveries wait here.
    let channel: NotificationChannel
    /// The runs, oldest first, for the lane's one worker.
    let runs: AsyncStream<ParsedRun>
    private let continuation: AsyncStream<ParsedRun>.Continuation
    /// Runs in the queue now; changed under the same lock as the queue's `yield`, so it agrees
    /// with what the queue holds.
    private let count = Mutex(0)

    /// An empty lane for `channel` holding at most `capacity` runs.
    init(_ channel: NotificationChannel, capacity: Int) {
        self.channel = channel
        (runs, continuation) = AsyncStream.makeStream(of: ParsedRun.self, bufferingPolicy: .bufferingNewest(capacity))
    }

    /// Runs waiting now.
    var waiting: Int { count.withLock { $0 } }

    /// Adds `run`; the oldest waiting run when the lane was full, which is then not delivered here.
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

    /// Notes that the worker took the next run out of the queue.
    func took() {
        count.withLock { $0 -= 1 }
    }

    /// Ends the queue: later offers are ignored.
    func finish() {
        continuation.finish()
    }
}
