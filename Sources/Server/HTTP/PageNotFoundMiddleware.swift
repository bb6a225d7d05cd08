import Hummingbird

/// Answers requests no route took with the HTML 404 page, or the 405 page with `Allow` for a page
/// asked with a method it does not answer, except below `/api` and `/metrics`, whose clients
/// expect the JSON envelope (`ErrorEnvelopeMiddleware`, further out, writes it).
struct PageNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Renders the 404 page.
    let templates: WebTemplates

    /// Passes the request on; turns the router's bare 404 for a page path into the HTML page.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil && Self.isPagePath(request.uri.path) {
            // The router says 404 both for unknown paths and for known paths without this method.
            let path = String(request.uri.path.prefix(200))
            let allowed = PageRoute.allowedMethods(atRequestPath: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else {
                let page = NotFoundPage(path: path, reason: "The address may be mistyped, or the page was removed.")
                return templates.page("notfound", page, status: .notFound)
            }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            var page = NotFoundPage(reason: "This page answers \(list), not \(request.method.rawValue).")
            page.chrome.title = "Method not allowed · duplistatus"
            page.heading = "Method not allowed"
            var response = templates.page("notfound", page, status: .methodNotAllowed)
            response.headers[.allow] = list
            return response
        }
    }

    /// Whether a path belongs to the web pages rather than to the API or the Prometheus exposition.
    static func isPagePath(_ path: String) -> Bool {
        var segments = PathSegments(path).makeIterator()
        let first = segments.next()
        return first != "api" && first != "metrics"
    }
}
