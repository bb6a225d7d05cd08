import Hummingbird

/// Refuses bodies above the configured limit with 413 and hands the limit to handlers.
///
/// A declared `Content-Length` is refused before routing, so no byte of it is read; a chunked
/// body is limited when a handler collects it (`Request.decodeJSON`, `collect(upTo:)`).
struct BodyLimitMiddleware: RouterMiddleware {
    /// The largest body accepted, in bytes.
    let maxBytes: Int

    /// Checks the declared length and records the limit in the context.
    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        var context = context
        context.maxBodyBytes = maxBytes
        return try await next(request, context)
    }
}
