/// The `Set-Cookie` values of a browser session: the session id, which scripts cannot read, and
/// the CSRF token, which the page script copies into `X-CSRF-Token`.
enum SessionCookies {
    /// Both cookies for a new session; `secure` when the browser reached the server over HTTPS.
    static func issued(sessionId: String, session: AdminSessions.Session, secure: Bool) -> [String] {
        let lifetime = "Max-Age=\(AdminSessions.lifetimeMilliseconds / 1000)"
        let flags = "Path=/; \(lifetime); SameSite=Strict" + (secure ? "; Secure" : "")
        return [
            "\(AccessGate.sessionCookie)=\(sessionId); \(flags); HttpOnly",
            "\(AccessGate.csrfCookie)=\(session.csrfToken); \(flags)",
        ]
    }

    /// Values that make the browser forget both cookies.
    static let cleared = [AccessGate.sessionCookie, AccessGate.csrfCookie].map {
        "\($0)=; Path=/; Max-Age=0; SameSite=Strict"
    }
}
