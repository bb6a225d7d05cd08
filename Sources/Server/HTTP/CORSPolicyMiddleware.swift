import Hummingbird

/// CORS per api.md §1: every method and header allowed, origins configurable, preflight → 204.
///
/// Hummingbird's own `CORSMiddleware` cannot express this contract, so this one stays:
/// - the allowed origins are a list read at run time, while `AllowOriginExtended.oneOf` takes
///   only a variadic list written in the source (its array form is internal);
/// - "every header allowed" means echoing the preflight's `Access-Control-Request-Headers`;
///   `CORSMiddleware` answers a fixed list of names;
/// - api.md answers every `OPTIONS` with 204, while `CORSMiddleware` passes an `OPTIONS` without
///   an `Origin` on to the router, which has no such routes and would answer 405.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Allowed origins; `"*"` allows all.
    let allowedOrigins: [String]
    /// Every method the API uses.
    static var allowedMethods: String { "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" }
    /// Sent when a preflight does not list the headers it wants.
    static var defaultAllowedHeaders: String { "Content-Type, Authorization, X-CSRF-Token" }

    /// Creates the policy for `allowedOrigins`.
    init(allowedOrigins: [String]) {
        self.allowedOrigins = allowedOrigins
    }

    /// Answers preflights itself and adds the allow-origin headers to every other response.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        if request.method == .options {
            var headers = HTTPFields()
            addOriginHeaders(for: origin, to: &headers)
            headers[.accessControlAllowMethods] = Self.allowedMethods
            headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? Self.defaultAllowedHeaders
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        addOriginHeaders(for: origin, to: &response.headers)
        return response
    }

    /// Appends the allow-origin header for a request from `origin`, none when the origin is not
    /// allowed. Appended to the answer's own fields, not built as fields of their own: every request
    /// comes through here, and a second `HTTPFields` cost two allocations each time.
    private func addOriginHeaders(for origin: String?, to headers: inout HTTPFields) {
        if allowedOrigins.contains("*") {
            headers.append(HTTPFields.Element(name: .accessControlAllowOrigin, value: "*"))
            return
        }
        // The answer depends on the Origin header, granted or not, so shared caches must key on it.
        headers.append(HTTPFields.Element(name: .vary, value: "Origin"))
        guard let origin, allowedOrigins.contains(origin) else { return }
        headers.append(HTTPFields.Element(name: .accessControlAllowOrigin, value: origin))
    }
}
