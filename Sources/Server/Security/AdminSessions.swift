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

    /// The live sessions by id, and how many times every other session was ended.
    private let state = Mutex<(sessions: [String: Session], generation: Int)>(([:], 0))

    /// A count that grows whenever `endAll` runs: a sign-in checked against the password before
    /// a change must not start a session after it.
    var generation: Int { state.withLock { $0.generation } }

    /// Starts a session at `now`; its id (the cookie's value) and the session. Nil when `endAll`
    /// ran since `generation` was read.
    func start(now: Int64, generation: Int) -> (id: String, session: Session)? {
        let id = RandomText.alphanumerics(43)
        let session = Session(csrfToken: RandomText.alphanumerics(43), expires: now + Self.lifetimeMilliseconds)
        return state.withLock { state in
            guard state.generation == generation else { return nil }
            state.sessions = state.sessions.filter { $0.value.expires > now }
            if state.sessions.count >= Self.limit, let oldest = state.sessions.min(by: { $0.value.expires < $1.value.expires }) {
                state.sessions[oldest.key] = nil
            }
            state.sessions[id] = session
            return (id, session)
        }
    }

    /// The live session with `id` at `now`, if any.
    func session(_ id: String, now: Int64) -> Session? {
        state.withLock { state in
            guard let session = state.sessions[id] else { return nil }
            guard session.expires > now else {
                state.sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends every session but `kept` (after a password change).
    func endAll(except kept: String?) {
        state.withLock { state in
            state.sessions = state.sessions.filter { $0.key == kept }
            state.generation += 1
        }
    }

    /// Ends session `id` (sign-out).
    func end(_ id: String) {
        _ = state.withLock { $0.sessions.removeValue(forKey: id) }
    }
}
