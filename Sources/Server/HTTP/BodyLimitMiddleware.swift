import Hummingbird

/// Refuses bodies above the configured limit with 413 and hands the limit to handlers.
///
/// A declared `Content-Length` is refused before routing, so no byte of it is read; a chunked
/// body is limited when a handler collects it (`Request.decodeJSON`, `collect(upTo:)`). A backup
/// archive sent to restore has a limit of its own.
struct BodyLimitMiddleware: RouterMiddleware {
    /// The largest body accepted, in bytes.
    let maxBytes: Int
    /// The largest archive accepted by the restore route.
    let archiveBytes: Int

    /// Checks the declared length and records the limit in the context.
    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let limit = APIRoute.databaseRestore.isNamed(by: request.uri.path) ? archiveBytes : maxBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            let refusal = APIError.payloadTooLarge(limit: limit, path: request.uri.path)
            // Whoever sent it (a Duplicati job whose report is lost) may never show the answer.
            context.logger.warning(
                "request body too large; refused",
                metadata: ["path": "\(request.uri.path.prefix(200))", "bytes": "\(declared)", "client": "\(context.clientAddress)"]
            )
            throw refusal
        }
        var context = context
        context.maxBodyBytes = limit
        return try await next(request, context)
    }
}
