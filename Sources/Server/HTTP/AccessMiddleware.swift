import Hummingbird

/// Decides what each request may access (`AccessGate`); added only when an admin password or an
/// upload token is set, so an open server pays nothing for it.
///
/// An upload without the upload token is refused here, before its body is read. Every other
/// request gets its access in the context, and each route that is not open answers a denied
/// request with the reason (`RouterGroup.on(_:use:)`, `PagesController`).
struct AccessMiddleware: RouterMiddleware {
    /// The rules.
    let gate: AccessGate

    /// Checks the upload token and records the access of everything else.
    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        if request.method == .post, APIRoute.upload.isNamed(by: request.uri.path) {
            guard gate.allowsUpload(request) else {
                // The commonest way a run is lost unseen: a job still uploading without the token.
                context.logger.warning(
                    "upload refused",
                    metadata: ["status": "401", "reason": "no or a wrong upload token", "client": "\(context.clientAddress)"]
                )
                throw APIError(.unauthorized, "This server needs the upload token: add ?token=… to the upload URL")
            }
            return try await next(request, context)
        }
        var context = context
        context.access = gate.access(of: request)
        return try await next(request, context)
    }
}
