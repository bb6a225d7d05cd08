import Synchronization

/// A mutex-guarded value that several objects share by reference (a `Mutex` itself cannot be shared).
final class Locked<Value>: @unchecked Sendable {
    private let mutex = Mutex(())
    // Only touched inside `mutex`, which is what makes the unchecked conformance sound.
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        try mutex.withLock { _ throws(E) in try body(&value) }
    }
}
