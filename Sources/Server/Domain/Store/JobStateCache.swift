import FlatStore
import Synchronization

/// The job states of the store as it last was, with their verdicts not yet judged: rebuilt only
/// after a write, so the summary, dashboard and metrics that many clients poll answer from memory.
///
/// Keyed by the store instance (a restore swaps it) and its `lastSequence`; the instance is held
/// weakly so a replaced store is not kept alive by the cache.
final class JobStateCache: Sendable {
    private struct Entry {
        weak var store: FlatStore?
        var sequence: UInt64
        var jobs: [JobState]
    }

    private let entry = Mutex<Entry?>(nil)

    /// An empty cache.
    init() {}

    /// The kept states, when they were built from `store` at `sequence`.
    func jobs(of store: FlatStore, at sequence: UInt64) -> [JobState]? {
        entry.withLock { kept in
            guard let kept, kept.store === store, kept.sequence == sequence else { return nil }
            return kept.jobs
        }
    }

    /// Keeps `jobs`, built from `store` at `sequence`, in place of what was kept.
    func keep(_ jobs: [JobState], of store: FlatStore, at sequence: UInt64) {
        entry.withLock { $0 = Entry(store: store, sequence: sequence, jobs: jobs) }
    }
}
