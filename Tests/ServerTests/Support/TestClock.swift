import Synchronization

@testable import Server

/// A clock the test sets: "now" stays where the test put it until it moves it.
final class TestClock: WallClock {
    private let current: Mutex<Int64>

    /// A clock standing at `epochMilliseconds`.
    init(_ epochMilliseconds: Int64) {
        current = Mutex(epochMilliseconds)
    }

    /// The time the test set.
    func now() -> Int64 { current.withLock { $0 } }

    /// Moves the clock by `milliseconds` (backwards when negative).
    func advance(by milliseconds: Int64) {
        current.withLock { $0 += milliseconds }
    }
}
