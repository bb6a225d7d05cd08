import FlatStore
import Synchronization

/// The dashboards rendered last, served again while the store and the minute stay the same.
///
/// At 700 jobs a dashboard costs about 50 ms of CPU to render (docs/performance.md), and every
/// open browser's auto-refresh asks for it again between two uploads. Every write changes the
/// store's live or dead bytes (the active log's length only now and then: it grows ahead of its
/// writes), a restore puts another store in place, and
/// the page writes times to the minute: those, with the request's view, filter and host, are the key.
final class RenderedPageCache: Sendable {
    /// The newest entries last.
    private let entries = Mutex<[(key: String, html: String)]>([])
    /// How many renderings are kept (views × filters × hosts in use at once).
    private let capacity: Int

    /// A cache of at most `capacity` pages.
    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// The page stored under `key`, or `render()`'s, which is then kept. Renders outside the lock,
    /// so two requests that miss at once both render rather than wait on each other.
    func html(for key: String, render: () throws -> String) rethrows -> String {
        if let hit = entries.withLock({ entries in entries.first { $0.key == key }?.html }) { return hit }
        let html = try render()
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append((key, html))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return html
    }

    /// What identifies the store's contents now: which store, and its byte and record counts.
    static func storeVersion(_ store: FlatStore) -> String {
        let statistics = store.statistics()
        return "\(ObjectIdentifier(store).hashValue):\(statistics.liveBytes):\(statistics.deadBytes):"
            + "\(statistics.logBytes):\(statistics.totalRecords)"
    }
}
