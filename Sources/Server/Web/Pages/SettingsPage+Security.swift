/// The settings page's security section: whether sign-in and the upload token are on, the admin
/// password's change, and the API tokens to revoke or add.
struct SecuritySection: Sendable {
    /// One API token as listed.
    struct TokenRow: Sendable {
        var name: String
        var created: String
        var revokeAPI: String
        var confirm: String
    }

    /// Whether an admin password is set.
    var signsIn: Bool
    /// Whether uploads need the upload token.
    var uploadTokenRequired: Bool
    /// The API tokens, oldest first.
    var tokens: [TokenRow]
    /// Where a new token is asked for.
    var createAPI = PageRoute.apiLink(.createAPIToken)
    /// Where a new admin password is sent.
    var changePasswordAPI = PageRoute.apiLink(.changeAdminPassword)
    /// The fewest characters a new admin password may have.
    var passwordMinimum = AdminPassword.minimumLength
    /// The upload URL Duplicati needs, with the token's place marked.
    var uploadURL: String

    /// The section for `gate` as reached at `origin`, at `now`.
    init(gate: AccessGate, origin: String, now: Int64) {
        signsIn = gate.requiresSignIn
        uploadTokenRequired = gate.uploadToken != nil
        tokens =
            signsIn
            ? gate.backups.apiTokens().map { token in
                TokenRow(
                    name: token.name,
                    created: DisplayFormat.relative(token.created, now: now),
                    revokeAPI: PageRoute.apiLink(.revokeAPIToken, ["tokenId": token.id]),
                    confirm: "Revoke the token '\(token.name)'? Scripts that use it stop working at once."
                )
            } : []
        uploadURL = origin + PageRoute.apiLink(.upload) + "?token=YOUR-UPLOAD-TOKEN"
    }
}
