import Hummingbird

extension RouterGroup<AppRequestContext> {
    /// Registers `handler` for `route`, answering a request the access rules deny unless the route
    /// is open, applying the route's cache policy to every response that does not set its own,
    /// and running a route that holds its thread on Swift's thread pool.
    @discardableResult
    func on(
        _ route: APIRoute,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        for method in route.methods {
            on(RouterPath(route.path), method: method) { request, context -> Response in
                if !route.isOpen, case .denied(let reason) = context.access { throw reason }
                guard route.holdsItsThread else { return try await Self.respond(route, handler, request, context) }
                return try await withTaskExecutorPreference(globalConcurrentExecutor) {
                    var response = try await Self.respond(route, handler, request, context)
                    // A streamed body (the backup archive) is written after the handler returns.
                    response.body = response.body.writtenOnThreadPool()
                    return response
                }
            }
        }
        return self
    }

    /// The handler's response with the route's cache policy.
    private static func respond(
        _ route: APIRoute,
        _ handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator,
        _ request: Request,
        _ context: Context
    ) async throws -> Response {
        var response = try await handler(request, context).response(from: request, context: context)
        if route.isVolatile, response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension ResponseBody {
    /// The same body, written from Swift's thread pool rather than the connection's event loop.
    func writtenOnThreadPool() -> ResponseBody {
        ResponseBody(contentLength: contentLength) { [self] writer in
            try await withTaskExecutorPreference(globalConcurrentExecutor) {
                let body = self
                try await body.write(writer)
            }
        }
    }
}
