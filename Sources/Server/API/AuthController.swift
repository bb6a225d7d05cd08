import HTTPTypes
import Hummingbird

/// The routes for signing out, changing the admin password and API tokens (quality.md §3); signing
/// in is the `/login` page.
struct AuthController: Sendable {
    /// The access rules; their admin password decides whether tokens can be made.
    let gate: AccessGate
    /// Where "now" comes from.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.authSession, use: session)
        group.on(.signOut, use: signOut)
        group.on(.changeAdminPassword, use: changePassword)
        group.on(.apiTokens, use: tokens)
        group.on(.createAPIToken, use: create)
        group.on(.revokeAPIToken, use: revoke)
    }

    /// `GET auth/session`: whether sign-in is on and whether this request is signed in.
    @Sendable
    func session(_ request: Request, context: AppRequestContext) async throws -> APIResponse<AuthSessionView> {
        let signedIn = if case .granted = context.access { true } else { false }
        return .success(
            AuthSessionView(signInRequired: gate.requiresSignIn, signedIn: signedIn, uploadTokenRequired: gate.uploadToken != nil)
        )
    }

    /// `POST auth/sign-out`: ends this browser's session and clears its cookies.
    @Sendable
    func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let id = request.cookie(AccessGate.sessionCookie) { gate.sessions.end(id) }
        var response = try APIResponse.success(AuthChangeView(signedOut: true), message: "Signed out").response(
            from: request,
            context: context
        )
        for cookie in SessionCookies.cleared { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// `POST auth/password`: makes a new admin password, given the current one. Wrong current
    /// passwords count against the sign-in limit, and other browsers' sessions end.
    @Sendable
    func changePassword(_ request: Request, context: AppRequestContext) async throws -> APIResponse<AuthChangeView> {
        let password = try requireSignInOn()
        let body = try await request.decodeJSON(as: ChangeAdminPasswordBody.self, context: context)
        guard (AdminPassword.minimumLength...AdminPassword.maximumLength).contains(body.newPassword.count) else {
            throw APIError(
                .validation,
                "Field 'newPassword' must hold \(AdminPassword.minimumLength) to \(AdminPassword.maximumLength) characters",
                details: ["field": "newPassword"]
            )
        }
        if let repeated = body.repeatPassword, repeated != body.newPassword {
            throw APIError(.validation, "The new password and its repetition differ", details: ["field": "repeatPassword"])
        }
        let address = context.clientNetwork
        if let wait = gate.throttle.admit(address, now: clock.now()) {
            let minutes = (wait + 59) / 60
            throw APIError(
                .tooManyRequests,
                "Too many wrong passwords; try again in \(minutes) minute\(minutes == 1 ? "" : "s")",
                headers: [.retryAfter: String(wait)]
            )
        }
        switch try await password.change(from: body.currentPassword, to: body.newPassword, now: clock.now()) {
        case .right: break
        case .wrong:
            context.logger.notice("wrong admin password", metadata: ["client": "\(context.clientAddress)"])
            throw APIError(.forbidden, "The current password is wrong", details: ["field": "currentPassword"])
        case .busy:
            gate.throttle.refund(address)
            throw APIError(.serviceUnavailable, "Too many password checks at once; try again in a moment", headers: [.retryAfter: "1"])
        }
        gate.throttle.recordSuccess(address)
        // Browsers signed in with the old password sign in again; the one that changed it stays.
        gate.sessions.endAll(except: request.cookie(AccessGate.sessionCookie))
        context.logger.notice("admin password changed", metadata: ["client": "\(context.clientAddress)"])
        return .success(AuthChangeView(passwordChanged: true), message: "Password changed; other browsers must sign in again")
    }

    /// `GET auth/tokens`: every API token, without the tokens themselves.
    @Sendable
    func tokens(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[APITokenView]> {
        try requireSignInOn()
        return .success(gate.backups.apiTokens().map(APITokenView.init))
    }

    /// `POST auth/tokens`: a new token, shown in this answer only.
    @Sendable
    func create(_ request: Request, context: AppRequestContext) async throws -> APIResponse<CreatedAPITokenView> {
        try requireSignInOn()
        let body = try await request.decodeJSON(as: CreateAPITokenBody.self, context: context)
        let name = String(ReportText.trimmed(body.name))
        guard (1...100).contains(name.count) else {
            throw APIError(.validation, "Field 'name' must hold 1 to 100 characters", details: ["field": "name"])
        }
        let (record, token) = try await gate.backups.createAPIToken(name: name, now: clock.now())
        context.logger.info("API token created", metadata: ["tokenId": "\(record.id)"])
        let view = APITokenView(record)
        return .success(
            CreatedAPITokenView(id: view.id, name: view.name, createdAt: view.createdAt, token: token),
            message: "Copy the token now: it cannot be shown again"
        )
    }

    /// `DELETE auth/tokens/:tokenId`: revokes a token at once.
    @Sendable
    func revoke(_ request: Request, context: AppRequestContext) async throws -> APIResponse<AuthChangeView> {
        try requireSignInOn()
        let id = context.parameters.get("tokenId") ?? ""
        guard try await gate.backups.revokeAPIToken(id: id) else {
            throw APIError(.notFound, "There is no API token with id '\(id.prefix(80))'")
        }
        context.logger.info("API token revoked", metadata: ["tokenId": "\(id)"])
        return .success(AuthChangeView(revoked: id), message: "Token revoked")
    }

    /// The admin password: tokens and password changes only mean something when it guards the API.
    @discardableResult
    private func requireSignInOn() throws -> AdminPassword {
        guard let password = gate.adminPassword else {
            throw APIError(
                .conflict,
                "API tokens and password changes need an admin password: start the server with --admin-password-file (or DUPLISTATUS_ADMIN_PASSWORD_FILE)"
            )
        }
        return password
    }
}
