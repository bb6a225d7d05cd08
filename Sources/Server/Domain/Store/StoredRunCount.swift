import Synchronization

/// How many runs this process has stored (uploads and collects), for the counter
/// `duplistatus_backup_runs_total`: it only grows, and starts again at 0 with the process.
final class StoredRunCount: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one run stored.
    func add() {
        count.add(1, ordering: .relaxed)
    }

    /// The runs stored so far.
    var value: Int { count.load(ordering: .relaxed) }
}
