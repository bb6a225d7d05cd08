import Synchronization

/// The browser sessions of a signed-in admin, in memory: a restart signs everyone out, and no
/// session id ever reaches the data directory.
final class AdminSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable, Equatable {
        /// The token its writes must send in `X-CSRF-Token`.
        var csrfToken: String
        /// When it ends (epoch ms).
        var expires: Int64
    }

    /// How long a session lasts after sign-in: 7 days.
    static let lifetimeMilliseconds: Int64 = 7 * 24 * 3_600_000
    /// Sessions kept at most; signing in beyond it ends the oldest.
    static let limit = 256

    /// The live sessions by id.
    private let sessions = Mutex<[String: Session]>([:])

    /// Starts a session at `now`; its id (the cookie's value) and the session.
    func start(now: Int64) -> (id: String, session: Session) {
        let id = RandomText.alphanumerics(43)
        let session = Session(csrfToken: RandomText.alphanumerics(43), expires: now + Self.lifetimeMilliseconds)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            if sessions.count >= Self.limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions[oldest.key] = nil
            }
            sessions[id] = session
        }
        return (id, session)
    }

    /// The live session with `id` at `now`, if any.
    func session(_ id: String, now: Int64) -> Session? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends every session but `kept` (after a password change).
    func endAll(except kept: String?) {
        sessions.withLock { sessions in sessions = sessions.filter { $0.key == kept } }
    }

    /// Ends session `id` (sign-out).
    func end(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}
