import Synchronization

/// Limits password guesses: after `maximumFailures` wrong passwords from one address within
/// `windowMilliseconds`, that address may not try again until the window has passed.
final class LoginThrottle: Sendable {
    /// Wrong passwords allowed per address and window.
    static let maximumFailures = 5
    /// The window: 15 minutes.
    static let windowMilliseconds: Int64 = 15 * 60_000
    /// Addresses tracked at most, so a flood of addresses cannot grow memory without bound.
    static let addressLimit = 4096

    /// An address's wrong passwords in its current window.
    private struct Failures {
        var count: Int
        var windowStart: Int64
    }

    private let failures = Mutex<[String: Failures]>([:])

    /// Seconds `address` must wait before it may try at `now`; nil when it may try.
    func retryAfterSeconds(_ address: String, now: Int64) -> Int? {
        failures.withLock { failures in
            guard let entry = failures[address], entry.count >= Self.maximumFailures else { return nil }
            let ends = entry.windowStart + Self.windowMilliseconds
            guard ends > now else {
                failures[address] = nil
                return nil
            }
            return Int((ends - now + 999) / 1000)
        }
    }

    /// Counts a wrong password from `address` at `now`.
    func recordFailure(_ address: String, now: Int64) {
        failures.withLock { failures in
            if failures.count >= Self.addressLimit {
                failures = failures.filter { $0.value.windowStart + Self.windowMilliseconds > now }
                // Still full of live windows: the newest address is counted in place of the oldest.
                if failures.count >= Self.addressLimit, let oldest = failures.min(by: { $0.value.windowStart < $1.value.windowStart }) {
                    failures[oldest.key] = nil
                }
            }
            if var entry = failures[address], entry.windowStart + Self.windowMilliseconds > now {
                entry.count += 1
                failures[address] = entry
            } else {
                failures[address] = Failures(count: 1, windowStart: now)
            }
        }
    }

    /// Forgets `address`'s failures after it signed in.
    func recordSuccess(_ address: String) {
        _ = failures.withLock { $0.removeValue(forKey: address) }
    }
}
