/// Where and how a collect request reaches its Duplicati server: the request body validated (400
/// naming the field), the stored URL and password looked up.
struct CollectTarget: Sendable {
    /// The addresses to try, in order.
    var candidates: [DuplicatiClient.Connection]
    /// The Duplicati web UI's password.
    var password: String
    /// The id of the server the body's `serverId` names (by id or name), or that id itself for a
    /// server not known yet; it stands in for a machine-id Duplicati leaves empty.
    var knownServerId: String?

    /// The target of `body`: its host and port (default 8200), or the stored URL of its `serverId`.
    ///
    /// The password is the body's, else the one stored for `serverId`, and the self-signed
    /// allowance the body's, else the stored one; both stored ones only when the collect goes to
    /// the stored address, so neither is ever sent to another.
    init(_ body: CollectBody, backups: BackupStore, secrets: SecretBox) throws {
        // A name stands for its server's id: stored as given, it would become a second server.
        knownServerId = try body.serverId.map { named in
            guard backups.servers(matching: named).isEmpty else { return try ReadQuery.server(named, in: backups).id }
            // Not known yet: it may become the new server's id, so it meets an upload's rules.
            if let problem = RunIdentity.serverIdProblem(named) {
                throw APIError(.validation, "Field 'serverId' \(problem)", details: ["field": "serverId"])
            }
            return named
        }
        let hostname = body.hostname.map { String(ReportText.trimmed($0)) } ?? ""
        let sent = body.password.flatMap { $0.isEmpty ? nil : $0 }
        if hostname.isEmpty {
            guard let serverId = body.serverId, !serverId.isEmpty else {
                throw APIError(
                    .validation,
                    "Field 'hostname' is required unless 'serverId' names a server with a stored URL",
                    details: ["field": "hostname"]
                )
            }
            // Without a host, the server must be known: a 404 says so before a password is asked for.
            let server = try ReadQuery.server(serverId, in: backups)
            guard let endpoint = DuplicatiEndpoint(url: server.serverUrl) else {
                throw APIError(
                    .validation,
                    "Server '\(server.name)' has no stored Duplicati URL; send 'hostname' and 'port'",
                    details: ["field": "hostname"]
                )
            }
            // The stored URL says which protocol worked; HTTPS may still need its self-signed allowance.
            let allowance = body.allowSelfSigned ?? backups.acceptsSelfSigned(server: server.id)
            candidates = [DuplicatiClient.Connection(endpoint: endpoint, acceptsSelfSigned: allowance && endpoint.scheme == .https)]
            password = try sent ?? Self.storedPassword(of: server, backups: backups, secrets: secrets)
            return
        }
        let port = body.port ?? 8200
        guard (1...65535).contains(port) else {
            throw APIError(.validation, "Field 'port' must be from 1 to 65535, got \(port)", details: ["field": "port"])
        }
        guard !hostname.contains("/"), !hostname.contains(" ") else {
            throw APIError(.validation, "Field 'hostname' must be a host name or address, without scheme or path", details: ["field": "hostname"])
        }
        let server = knownServerId.flatMap { backups.server($0) }
        let stored = server.flatMap { DuplicatiEndpoint(url: $0.serverUrl) }
        let sameAddress = stored.map { $0.host == hostname && $0.port == port } ?? false
        let allowance = body.allowSelfSigned ?? (sameAddress && server.map { backups.acceptsSelfSigned(server: $0.id) } == true)
        candidates = DuplicatiClient.candidates(host: hostname, port: port, allowSelfSigned: allowance)
        if let sent {
            password = sent
        } else if let server, sameAddress {
            password = try Self.storedPassword(of: server, backups: backups, secrets: secrets)
        } else {
            throw Self.passwordRequired(server == nil ? "" : " for this address; the stored one is for the server's stored URL")
        }
    }

    /// The password stored for `server`, opened; 400 asking for one when none is stored.
    private static func storedPassword(of server: ServerRecord, backups: BackupStore, secrets: SecretBox) throws -> String {
        guard let sealed = backups.sealedPassword(ofServer: server.id) else { throw passwordRequired("; none is stored for this server") }
        do {
            return try secrets.open(sealed)
        } catch {
            throw APIError(
                .validation,
                "The stored password of '\(server.name)' cannot be read: \(error); send 'password'",
                details: ["field": "password"]
            )
        }
    }

    /// The 400 for a missing password, `why` ending its sentence.
    private static func passwordRequired(_ why: String) -> APIError {
        APIError(.validation, "Field 'password' is required (the Duplicati web UI's password\(why))", details: ["field": "password"])
    }
}
