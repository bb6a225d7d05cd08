import HTTPTypes
import Hummingbird

/// Refuses writes that another site's page sent from a browser, unless that page's origin is
/// listed by `--allowed-origins`.
///
/// Without an admin password the API takes writes from anyone who can reach it, and CORS allows
/// every origin (api.md §1): any web page a person on the LAN opened could delete the history.
/// Browsers say where a request comes from: `Sec-Fetch-Site` over HTTPS and to localhost, and
/// `Origin` on every cross-origin write (plain-HTTP LAN addresses get only that one). Duplicati and
/// scripts send neither, so they are not affected.
struct CrossSiteWriteMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Origins listed by name (`*` names none): their pages may write.
    let listedOrigins: Set<String>

    /// The policy for the server's allowed origins.
    init(allowedOrigins: [String]) {
        listedOrigins = Set(allowedOrigins.filter { $0 != "*" })
    }

    /// Passes every read, and every write from the server's own pages, a listed origin or no browser.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !AccessGate.isSafe(request.method), let origin = request.headers[.origin] else { return try await next(request, context) }
        if listedOrigins.contains(origin) || Self.isSameOrigin(request, origin: origin) { return try await next(request, context) }
        throw APIError(
            .forbidden,
            "A page on another site may not change data here; start the server with --allowed-origins naming that page's origin to allow it"
        )
    }

    /// Whether the browser sent `request` from one of the server's own pages: `Sec-Fetch-Site`
    /// when the browser sends it, else `Origin` naming the host the request was sent to (`Host`,
    /// or `X-Forwarded-Host` behind a proxy).
    static func isSameOrigin(_ request: Request, origin: String) -> Bool {
        if let site = request.headers[.secFetchSite] {
            return site.lowercased() == "same-origin" || site.lowercased() == "none"
        }
        guard origin != "null", let schemeEnd = origin.firstRange(of: "://") else { return false }
        let authority = origin[schemeEnd.upperBound...].lowercased()
        // A chain of proxies lists the hosts asked for; the first is the browser's.
        let forwarded = request.headers[.xForwardedHost]?.split(separator: ",").first.map { String(ReportText.trimmed($0)) }
        return [forwarded, request.head.authority].contains { $0?.lowercased() == authority }
    }
}

extension HTTPField.Name {
    /// Where the browser says a request comes from (`same-origin`, `same-site`, `cross-site`, `none`).
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    /// The host a reverse proxy was asked for.
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
}

extension Request {
    /// Whether the browser says another site's page sent this request (`Sec-Fetch-Site`).
    var isCrossSite: Bool {
        headers[.secFetchSite]?.lowercased() == "cross-site"
    }
}
