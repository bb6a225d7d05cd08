import Hummingbird

/// Turns anything thrown below it into the error envelope, and a known path with the wrong
/// method into a 405 with `Allow`.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Answers the request, converting every thrown error into an envelope response.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // The router says 404 both for unknown paths and for known paths without this method.
            return unroutable(request).response()
        } catch {
            return APIError(converting: error, logger: context.logger).response()
        }
    }

    /// The 405 or 404 for a request no route took.
    private func unroutable(_ request: Request) -> APIError {
        let path = request.uri.path
        let allowed = APIRoute.allowedMethods(atRequestPath: path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else {
            return APIError(.notFound, "No endpoint at \(Self.abbreviated(path))")
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            .methodNotAllowed,
            "\(request.method.rawValue) is not allowed on \(Self.abbreviated(path)); use \(list)",
            details: ["allowedMethods": .array(allowed.map { .string($0.rawValue) })],
            headers: [.allow: list]
        )
    }

    /// The path as echoed in messages, cut short so a huge URL does not make a huge error.
    private static func abbreviated(_ path: String) -> String {
        path.count <= 200 ? path : String(path.prefix(200)) + "…"
    }
}
