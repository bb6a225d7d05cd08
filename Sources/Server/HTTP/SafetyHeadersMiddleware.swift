import HTTPTypes
import Hummingbird

/// Adds `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin` to every answer.
///
/// Reports carry text from the backed-up machine (names, log lines); with `nosniff` a browser
/// never runs a JSON or plain-text answer holding such text as a page or script. Page addresses
/// name servers and jobs, which a link to another site (a Duplicati server, an ntfy topic) should
/// not hand on. No frame rule: dashboards embed the pages in iframes.
struct SafetyHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Passes the request on and appends the two fields to its answer.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // Appended rather than set: every request comes through here, and setting looks for a field first.
        response.headers.append(HTTPField(name: .xContentTypeOptions, value: "nosniff"))
        response.headers.append(HTTPField(name: .referrerPolicy, value: "same-origin"))
        return response
    }
}

extension HTTPField.Name {
    /// How much of the page's address a browser sends to the sites it links to.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
