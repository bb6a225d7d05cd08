import Synchronization

/// Limits password guesses: after `maximumFailures` wrong passwords from one address (an IPv6
/// client's /64, which one machine can fill) within `windowMilliseconds`, that address may not
/// try again until the window has passed.
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

    /// Each address's wrong passwords in its current window.
    private let failures = Mutex<[String: Failures]>([:])

    /// Admits one sign-in attempt from `address` at `now`, counting it as a failure until
    /// `recordSuccess` says otherwise; the seconds to wait instead when the address has used up its
    /// window. Checking and counting under one lock keeps parallel guesses within the limit.
    func admit(_ address: String, now: Int64) -> Int? {
        failures.withLock { failures in
            if var entry = failures[address], entry.windowStart + Self.windowMilliseconds > now {
                guard entry.count < Self.maximumFailures else {
                    return Int((entry.windowStart + Self.windowMilliseconds - now + 999) / 1000)
                }
                entry.count += 1
                failures[address] = entry
                return nil
            }
            if failures.count >= Self.addressLimit {
                failures = failures.filter { $0.value.windowStart + Self.windowMilliseconds > now }
                // Still full of live windows: the newest address is counted in place of the oldest.
                if failures.count >= Self.addressLimit, let oldest = failures.min(by: { $0.value.windowStart < $1.value.windowStart }) {
                    failures[oldest.key] = nil
                }
            }
            failures[address] = Failures(count: 1, windowStart: now)
            return nil
        }
    }

    /// Takes back the count of one attempt from `address` that was never checked (the server was
    /// too busy), so waiting does not use up an address's guesses.
    func refund(_ address: String) {
        failures.withLock { failures in
            if let entry = failures[address], entry.count > 0 { failures[address]?.count = entry.count - 1 }
        }
    }

    /// Forgets `address`'s failures after it signed in.
    func recordSuccess(_ address: String) {
        _ = failures.withLock { $0.removeValue(forKey: address) }
    }
}
