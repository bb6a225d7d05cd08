import Synchronization

/// Lets one ingest of a run id proceed at a time.
///
/// Copies of one report sent together are then stored once and answered as duplicates, as copies
/// sent one after another are. Duplicati may resend a report whose answer it never got, and a
/// script may post the same file from several places: without this, each copy that read "not
/// stored" before the first was written would be stored again and notify again. Only copies of
/// the same run wait for each other; every other upload takes and frees an uncontended lock.
final class RunClaims: Sendable {
    /// For each claimed id, the callers waiting for it, first come first served.
    private let claims = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    /// Returns once the caller holds `id`; it must call `release(id)` when its ingest is done.
    func claim(_ id: String) async {
        if claims.withLock({ Self.takeIfFree(id, in: &$0) }) { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            // Freed between the two looks: take it now instead of waiting for a release that
            // already happened.
            let free = claims.withLock { claims in
                if Self.takeIfFree(id, in: &claims) { return true }
                claims[id, default: []].append(waiter)
                return false
            }
            if free { waiter.resume() }
        }
    }

    /// Hands `id` to the next caller waiting for it, or frees it.
    func release(_ id: String) {
        let next = claims.withLock { claims -> CheckedContinuation<Void, Never>? in
            guard var waiting = claims[id], !waiting.isEmpty else {
                claims[id] = nil
                return nil
            }
            let first = waiting.removeFirst()
            claims[id] = waiting
            return first
        }
        next?.resume()
    }

    /// Takes `id` when nobody holds it.
    private static func takeIfFree(_ id: String, in claims: inout [String: [CheckedContinuation<Void, Never>]]) -> Bool {
        guard claims[id] == nil else { return false }
        claims[id] = []
        return true
    }
}
