import Synchronization

/// Pieces of a page (one server's card, one job's row) kept with the model they were rendered
/// from, so a page rebuilt after one upload renders only what that upload changed.
///
/// A fresh dashboard at 700 jobs costs tens of milliseconds in the template engine
/// (docs/performance.md); building the models is cheap, so a piece is rendered again only when
/// its model differs from the one its HTML came from. The model is everything the template sees,
/// which makes a stale piece impossible rather than unlikely.
final class FragmentCache<Model: Equatable & Sendable>: Sendable {
    /// The last rendering of each piece by its id, with its model.
    private let pieces = Mutex<[String: (model: Model, html: String)]>([:])

    /// An empty cache.
    init() {}

    /// The HTML of the piece `id` showing `model`: the kept one when its model is equal, else
    /// `render(model)`, which is then kept. Renders outside the lock, so requests do not queue.
    func html(id: String, model: Model, render: (Model) -> String) -> String {
        if let kept = pieces.withLock({ $0[id] }), kept.model == model { return kept.html }
        let html = render(model)
        pieces.withLock { $0[id] = (model, html) }
        return html
    }

    /// Forgets the pieces whose ids are not in `live` (a deleted server or job).
    func keep(only live: Set<String>) {
        pieces.withLock { pieces in
            if pieces.keys.contains(where: { !live.contains($0) }) { pieces = pieces.filter { live.contains($0.key) } }
        }
    }
}
