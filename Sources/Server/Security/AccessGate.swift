import HTTPTypes
import Hummingbird

/// What a request may do, decided once by `AccessMiddleware` and enforced by each route.
enum RequestAccess: Sendable {
    /// It may use every route: no admin password is set, or it carries a valid session or token.
    case granted
    /// It may use only the open routes; `reason` is the error the others answer.
    case denied(APIError)
}

/// The server's access rules (quality.md §3, api.md "Authentication"): who is signed in, which
/// API tokens are valid, and the upload token.
struct AccessGate: Sendable {
    /// The session cookie's name.
    static let sessionCookie = "duplistatus-session"
    /// The cookie the page script reads to send `X-CSRF-Token` (not HttpOnly, by design).
    static let csrfCookie = "duplistatus-csrf"
    /// The header that carries the CSRF token on writes.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The admin password; nil when sign-in is off.
    let adminPassword: AdminPassword?
    /// The upload token; nil when uploads are open.
    let uploadToken: SharedSecret?
    /// The signed-in browsers.
    let sessions = AdminSessions()
    /// Wrong-password counts per address.
    let throttle = LoginThrottle()
    /// Where API tokens are stored.
    let backups: BackupStore
    /// Where "now" comes from.
    let clock: any WallClock

    /// Whether the admin password guards the server.
    var requiresSignIn: Bool { adminPassword != nil }

    /// The access of `request`: a valid API token or session grants it; a session's write also
    /// needs its CSRF token.
    func access(of request: Request) -> RequestAccess {
        guard requiresSignIn else { return .granted }
        if let token = Self.bearerToken(of: request) {
            guard backups.apiToken(matching: token) != nil else {
                return .denied(APIError(.unauthorized, "The API token is not valid; it may have been revoked"))
            }
            return .granted
        }
        guard let id = request.cookie(Self.sessionCookie), let session = sessions.session(id, now: clock.now()) else {
            return .denied(APIError(.unauthorized, "Sign in, or send an API token in the Authorization header"))
        }
        if Self.isSafe(request.method) { return .granted }
        guard let sent = request.headers[Self.csrfHeader], SharedSecret(session.csrfToken).matches(sent) else {
            return .denied(APIError(.forbidden, "This change needs the page's CSRF token in the X-CSRF-Token header; reload the page"))
        }
        return .granted
    }

    /// Whether `request` is an upload the upload token allows: it is sent as `?token=` (Duplicati
    /// can only change the URL) or as a bearer token.
    func allowsUpload(_ request: Request) -> Bool {
        guard let uploadToken else { return true }
        // `queryParameters`, not `formParameters`: the URL is typed into Duplicati by hand, so a
        // token holding a `+` (base64, say) arrives with it as it is.
        let sent = request.uri.queryParameters["token"].map(String.init) ?? Self.bearerToken(of: request)
        return sent.map(uploadToken.matches) ?? false
    }

    /// The bearer token of the `Authorization` header, if any.
    static func bearerToken(of request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1].drop(while: { $0 == " " }))
    }

    /// Methods that change nothing, so they need no CSRF token.
    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }
}
