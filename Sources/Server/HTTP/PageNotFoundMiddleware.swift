import Hummingbird

/// Answers requests no route took with the HTML 404 page, except below `/api` and `/metrics`,
/// whose clients expect the JSON envelope (`ErrorEnvelopeMiddleware`, further out, writes it).
struct PageNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Renders the 404 page.
    let templates: WebTemplates

    /// Passes the request on; turns the router's bare 404 for a page path into the HTML page.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil && Self.isPagePath(request.uri.path) {
            let page = NotFoundPage(path: String(request.uri.path.prefix(200)), reason: "The address may be mistyped, or the page was removed.")
            return templates.page("notfound", page, status: .notFound)
        }
    }

    /// Whether a path belongs to the web pages rather than to the API or the Prometheus exposition.
    static func isPagePath(_ path: String) -> Bool {
        var segments = PathSegments(path).makeIterator()
        let first = segments.next()
        return first != "api" && first != "metrics"
    }
}
