import HTTPTypes
import Hummingbird

/// Refuses API writes that a browser says another site's page sent, unless that page's origin is
/// listed by `--allowed-origins`.
///
/// Without an admin password the API takes writes from anyone who can reach it, and CORS allows
/// every origin (api.md §1): any web page a person on the LAN opened could delete the history.
/// Browsers mark such requests `Sec-Fetch-Site: cross-site`; Duplicati, scripts and the server's
/// own pages never do, and a reverse proxy does not change it.
struct CrossSiteWriteMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Origins listed by name (`*` names none): their pages may write.
    let listedOrigins: Set<String>

    /// The policy for the server's allowed origins.
    init(allowedOrigins: [String]) {
        listedOrigins = Set(allowedOrigins.filter { $0 != "*" })
    }

    /// Passes every read, and every write not marked cross-site or from a listed origin.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !AccessGate.isSafe(request.method), request.isCrossSite, request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        if let origin = request.headers[.origin], listedOrigins.contains(origin) { return try await next(request, context) }
        throw APIError(
            .forbidden,
            "A page on another site may not change data here; start the server with --allowed-origins naming that page's origin to allow it"
        )
    }
}

extension Request {
    /// Whether the browser says another site's page sent this request (`Sec-Fetch-Site`).
    var isCrossSite: Bool {
        headers[HTTPField.Name("Sec-Fetch-Site")!]?.lowercased() == "cross-site"
    }
}
