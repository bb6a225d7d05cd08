import Hummingbird

extension RouterGroup {
    /// Registers `handler` for `route`, applying the route's cache policy to every response that
    /// does not set its own.
    @discardableResult
    func on(
        _ route: APIRoute,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        for method in route.methods {
            on(RouterPath(route.path), method: method) { request, context -> Response in
                var response = try await handler(request, context).response(from: request, context: context)
                if route.isVolatile, response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
                return response
            }
        }
        return self
    }
}
