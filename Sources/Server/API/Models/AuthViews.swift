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
    var id: String
    var name: String
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
    var id: String
    var name: String
    var createdAt: String
    /// The token to send as `Authorization: Bearer …`; it cannot be shown again.
    var token: String
}

/// The body of `POST /api/auth/tokens`.
struct CreateAPITokenBody: Decodable, Sendable {
    /// What the token is for, e.g. "Homepage"; 1–100 characters.
    var name: String
}

/// What `POST /api/auth/sign-out` and `DELETE /api/auth/tokens/:tokenId` did.
struct AuthChangeView: Encodable, Sendable {
    var signedOut: Bool?
    var revoked: String?
}
