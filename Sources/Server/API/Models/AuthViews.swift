/// What `GET /api/auth/session` answers: whether sign-in is on and whether this request is signed in.
struct AuthSessionView: Encodable, Sendable {
    /// Whether an admin password guards the server.
    var signInRequired: Bool
    /// Whether this request may use every route (always true when sign-in is off).
    var signedIn: Bool
    /// Whether uploads need the upload token.
    var uploadTokenRequired: Bool
}

/// One API token as listed: never the token itself.
struct APITokenView: Encodable, Sendable {
    /// The token's public id, also part of the token.
    var id: String
    /// What the user called it.
    var name: String
    /// When it was made (ISO 8601).
    var createdAt: String

    /// The view of `record`.
    init(_ record: APITokenRecord) {
        id = record.id
        name = record.name
        createdAt = ReportTimestamp.isoString(epochMilliseconds: record.created)
    }
}

/// A token just created: the only answer that holds it.
struct CreatedAPITokenView: Encodable, Sendable {
    /// The token's public id.
    var id: String
    /// What the user called it.
    var name: String
    /// When it was made (ISO 8601).
    var createdAt: String
    /// The token to send as `Authorization: Bearer …`; it cannot be shown again.
    var token: String
}

/// The body of `POST /api/auth/tokens`.
struct CreateAPITokenBody: Decodable, Sendable {
    /// What the token is for, e.g. "Homepage"; 1–100 characters.
    var name: String
}

/// The body of `POST /api/auth/password`.
struct ChangeAdminPasswordBody: Decodable, Sendable {
    /// The password in force now.
    var currentPassword: String
    /// The new password; `AdminPassword.minimumLength` to `maximumLength` characters.
    var newPassword: String
    /// The new password typed again, checked when sent (the settings form sends it).
    var repeatPassword: String?
}

/// What `POST /api/auth/sign-out`, `POST /api/auth/password` and `DELETE /api/auth/tokens/:tokenId` did.
struct AuthChangeView: Encodable, Sendable {
    /// True after a sign-out.
    var signedOut: Bool?
    /// True after the admin password changed.
    var passwordChanged: Bool?
    /// The id of the token revoked.
    var revoked: String?
}
