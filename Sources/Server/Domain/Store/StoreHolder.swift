import FlatStore
import Synchronization

/// The store the server works on. Everything reads it through here, so a restore can put a new
/// store in place of the old one while the server runs: requests that still hold the old one see
/// it closed (and answer 503) for the moment of the swap.
package final class StoreHolder: Sendable {
    private let store: Mutex<FlatStore>

    /// Holds `store`.
    package init(_ store: FlatStore) {
        self.store = Mutex(store)
    }

    /// The store now.
    package var current: FlatStore { store.withLock { $0 } }

    /// Puts `new` in place; returns the store it replaced.
    @discardableResult
    func replace(with new: FlatStore) -> FlatStore {
        store.withLock { current in
            defer { current = new }
            return current
        }
    }
}
