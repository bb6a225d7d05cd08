import FoundationEssentials

/// The body of `PUT|PATCH /api/servers/:serverId`; absent or null fields stay as they are.
struct ServerUpdateBody: Decodable, Sendable {
    var alias: String?
    var note: String?
    /// A synonym of `note` kept for older clients; `note` wins when both are sent.
    var notes: String?
    var serverUrl: String?

    /// The changes to apply, trimmed; 400 when `serverUrl` is neither empty nor an http(s) URL, or
    /// a field is longer than `ServerRecord.longest`.
    func changes() throws -> BackupStore.ServerChanges {
        let url = serverUrl.map { String(ReportText.trimmed($0)) }
        if let url, !url.isEmpty, !Self.isWebURL(url) {
            throw APIError(
                .validation,
                "Field 'serverUrl' must be an http:// or https:// URL with a host and no user name or password, or empty to clear it",
                details: ["field": "serverUrl"]
            )
        }
        let alias = alias.map { String(ReportText.trimmed($0)) }
        let note = note ?? notes
        for (field, text, limit) in [
            ("alias", alias, ServerRecord.longest.alias), ("note", note, ServerRecord.longest.note),
            ("serverUrl", url, ServerRecord.longest.serverUrl),
        ] where (text?.unicodeScalars.count ?? 0) > limit {
            throw APIError(.validation, "Field '\(field)' must be at most \(limit) characters", details: ["field": .string(field)])
        }
        return BackupStore.ServerChanges(alias: alias, note: note, serverUrl: url)
    }

    /// Whether `text` is an absolute http or https URL naming a host, without a user name or
    /// password (the Duplicati password is kept sealed in its own field; a URL is answered as typed).
    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme)
        else { return false }
        return !(url.host ?? "").isEmpty && url.user == nil && url.password == nil
    }
}

/// The body of `POST /api/servers/merge`.
struct MergeServersBody: Decodable, Sendable {
    /// The server that keeps the runs (id or name).
    var targetId: String
    /// The servers merged into it and then deleted (ids or names).
    var sourceIds: [String]
}
