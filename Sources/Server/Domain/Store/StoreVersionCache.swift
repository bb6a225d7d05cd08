import FlatStore
import Synchronization

/// One value derived from the store as it last was (the job states, the fleet's figures): built
/// again only after a write, so what many clients poll answers from memory.
///
/// Keyed by the store instance (a restore swaps it) and its `lastSequence`; the instance is held
/// weakly so a replaced store is not kept alive by the cache.
final class StoreVersionCache<Value: Sendable>: Sendable {
    private struct Entry {
        weak var store: FlatStore?
        var sequence: UInt64
        var value: Value
    }

    private let entry = Mutex<Entry?>(nil)

    /// An empty cache.
    init() {}

    /// The kept value, when it was built from `store` at `sequence`.
    func value(of store: FlatStore, at sequence: UInt64) -> Value? {
        entry.withLock { kept in
            guard let kept, kept.store === store, kept.sequence == sequence else { return nil }
            return kept.value
        }
    }

    /// Keeps `value`, built from `store` at `sequence`, in place of what was kept.
    func keep(_ value: Value, of store: FlatStore, at sequence: UInt64) {
        entry.withLock { $0 = Entry(store: store, sequence: sequence, value: value) }
    }

    /// The kept value for `view` of `store`, or `build()`'s, which is then kept.
    func value(of store: FlatStore, _ view: StoreView, build: () throws -> Value) rethrows -> Value {
        if let kept = value(of: store, at: view.lastSequence) { return kept }
        let built = try build()
        keep(built, of: store, at: view.lastSequence)
        return built
    }
}
