// Only for `Date`; FoundationEssentials keeps ICU out of the Linux binary.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the application reads the current time: one instance comes in through
/// `AppConfiguration`, so overdue rules, "last 24 hours" and tests agree on what "now" is.
protocol WallClock: Sendable {
    /// Now, in epoch milliseconds (UTC).
    func now() -> Int64
}

/// The operating system's clock.
struct SystemClock: WallClock {
    /// A clock reading the system time.
    init() {}

    /// Now, in whole epoch milliseconds (rounded down).
    func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
