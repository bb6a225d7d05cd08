import Synchronization

/// What notification delivery did since the server started: deliveries per channel that succeeded
/// or failed, deliveries dropped from a full queue, and the last failure, for `/api/metrics`,
/// `/metrics` and the settings page. A failure is otherwise only in the log.
final class DeliveryRecord: Sendable {
    /// The figures at one moment.
    struct Figures: Sendable, Equatable {
        /// A failed delivery: when, on which channel, and why.
        struct Failure: Sendable, Equatable {
            /// When it failed (epoch ms).
            var at: Int64
            /// `ntfy`, `email` or `webhook`.
            var channel: String
            /// Why, in words.
            var reason: String
        }

        /// Deliveries a channel took.
        var sent = 0
        /// Deliveries that failed after their retries.
        var failed = 0
        /// Deliveries dropped from a channel's full queue (a run on two channels counts twice).
        var dropped = 0
        /// The most recent failure, if any.
        var lastFailure: Failure?
    }

    private let figures = Mutex(Figures())

    /// The figures now.
    var current: Figures { figures.withLock { $0 } }

    /// Counts one delivery on a channel that succeeded.
    func noteSent() {
        figures.withLock { $0.sent += 1 }
    }

    /// Counts one delivery on `channel` that failed with `error` at `now`, after its retries.
    func noteFailed(_ channel: NotificationChannel, _ error: DeliveryError, at now: Int64) {
        figures.withLock {
            $0.failed += 1
            $0.lastFailure = Figures.Failure(at: now, channel: channel.rawValue, reason: error.description)
        }
    }

    /// Counts a delivery dropped from a channel's full queue.
    func noteDropped() {
        figures.withLock { $0.dropped += 1 }
    }
}
