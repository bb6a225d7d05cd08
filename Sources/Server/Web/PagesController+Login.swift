import HTTPTypes
import Hummingbird

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The sign-in page: a form posted to itself, so signing in needs no script.
struct LoginPage: Sendable {
    /// Title and navigation, without sign-out.
    var chrome = PageChrome(title: "Sign in · duplistatus", section: "")
    /// Where the form posts.
    var action = PageRoute.loginLink()
    /// The page to return to afterwards.
    var next: String
    /// Why the last attempt failed, if it did.
    var problem: String?
}

/// The fields the sign-in form posts.
struct LoginForm: Decodable, Sendable {
    /// The password typed.
    var password: String?
    /// The page to return to.
    var next: String?
}

extension PagesController {
    /// The scheme a reverse proxy was reached by.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    /// The answer to a page asked for without signing in: a redirect to the sign-in page, which returns here.
    func signInFirst(_ request: Request) -> Response {
        let wanted = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return Response.redirect(to: PageRoute.loginLink(next: wanted), type: .normal)
    }

    /// `GET /login`: the form; a browser already signed in goes straight on.
    func loginPage(_ request: Request, context: AppRequestContext) -> Response {
        let next = Self.safeNext(request.uri.formParameters["next"].map(String.init))
        if case .granted = context.access, gate.requiresSignIn { return Response.redirect(to: next, type: .normal) }
        guard gate.requiresSignIn else { return Response.redirect(to: PageRoute.dashboardLink, type: .normal) }
        return templates.page("login", LoginPage(next: next))
    }

    /// `POST /login`: checks the password, limits guesses per address, and starts a session.
    func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let adminPassword = gate.adminPassword else { return Response.redirect(to: PageRoute.dashboardLink, type: .normal) }
        let bytes = try await request.body.collect(upTo: 16 << 10)
        let form = (try? URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: bytes))) ?? LoginForm()
        let next = Self.safeNext(form.next)
        // Another site's page may not post here: it could lock this browser's address out with
        // wrong passwords, or sign it in unasked. Browsers say where a request comes from.
        guard !request.isCrossSite else {
            return templates.page("login", LoginPage(next: next, problem: "Sign in from this server's own page."), status: .forbidden)
        }
        let address = context.clientNetwork
        let now = clock.now()
        if let wait = gate.throttle.admit(address, now: now) {
            let minutes = (wait + 59) / 60
            var response = templates.page(
                "login",
                LoginPage(next: next, problem: "Too many wrong passwords. Try again in \(minutes) minute\(minutes == 1 ? "" : "s")."),
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let generation = gate.sessions.generation
        switch await adminPassword.verify(form.password ?? "") {
        case .right: break
        case .wrong:
            context.logger.notice("wrong admin password", metadata: ["client": "\(context.clientAddress)"])
            return templates.page("login", LoginPage(next: next, problem: "Wrong password."), status: .unauthorized)
        case .busy:
            gate.throttle.refund(address)
            var response = templates.page(
                "login",
                LoginPage(next: next, problem: "Too many sign-ins at once. Try again in a moment."),
                status: .serviceUnavailable
            )
            response.headers[.retryAfter] = "1"
            return response
        }
        gate.throttle.recordSuccess(address)
        guard let (id, session) = gate.sessions.start(now: now, generation: generation) else {
            return templates.page(
                "login",
                LoginPage(next: next, problem: "The password was changed meanwhile. Sign in with the new one."),
                status: .unauthorized
            )
        }
        context.logger.info("admin signed in", metadata: ["client": "\(context.clientAddress)"])
        var response = Response.redirect(to: next, type: .normal)
        let secure = request.headers[Self.forwardedProto]?.lowercased() == "https"
        for cookie in SessionCookies.issued(sessionId: id, session: session, secure: secure) {
            response.headers.append(HTTPField(name: .setCookie, value: cookie))
        }
        return response
    }

    /// `next` when it is a path on this server; the dashboard otherwise, so the form cannot send
    /// a browser to another site. Browsers drop tabs and line breaks from a `Location` and read
    /// `\\` as `/`, so `/\t/evil` or `/\\evil` would leave the server: any control character,
    /// space or backslash is refused.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" })
        else {
            return PageRoute.dashboardLink
        }
        return next
    }
}
