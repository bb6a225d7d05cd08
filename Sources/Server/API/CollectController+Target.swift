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

    /// The target of `body`: its host and port (default 8200), or the stored URL of its `serverId`;
    /// the password is the body's, else the one stored for `serverId`.
    init(_ body: CollectBody, backups: BackupStore, secrets: SecretBox) throws {
        // A name stands for its server's id: stored as given, it would become a second server.
        knownServerId = try body.serverId.map { named in
            backups.servers(matching: named).isEmpty ? named : try ReadQuery.server(named, in: backups).id
        }
        let hostname = body.hostname.map { String(ReportText.trimmed($0)) } ?? ""
        // Without a host, the server must be known: a 404 says so before a password is asked for.
        if hostname.isEmpty, let serverId = body.serverId, !serverId.isEmpty { _ = try ReadQuery.server(serverId, in: backups) }
        if let password = body.password, !password.isEmpty {
            self.password = password
        } else if let serverId = body.serverId, let server = backups.server(serverId),
            let sealed = backups.sealedPassword(ofServer: server.id)
        {
            do {
                password = try secrets.open(sealed)
            } catch {
                throw APIError(
                    .validation,
                    "The stored password of '\(server.name)' cannot be read: \(error); send 'password'",
                    details: ["field": "password"]
                )
            }
        } else {
            throw APIError(
                .validation,
                "Field 'password' is required (the Duplicati web UI's password; none is stored for this server)",
                details: ["field": "password"]
            )
        }
        let allowSelfSigned = body.allowSelfSigned == true
        if !hostname.isEmpty {
            let port = body.port ?? 8200
            guard (1...65535).contains(port) else {
                throw APIError(.validation, "Field 'port' must be from 1 to 65535, got \(port)", details: ["field": "port"])
            }
            guard !hostname.contains("/"), !hostname.contains(" ") else {
                throw APIError(.validation, "Field 'hostname' must be a host name or address, without scheme or path", details: ["field": "hostname"])
            }
            candidates = DuplicatiClient.candidates(host: hostname, port: port, allowSelfSigned: allowSelfSigned)
            return
        }
        guard let serverId = body.serverId, !serverId.isEmpty else {
            throw APIError(
                .validation,
                "Field 'hostname' is required unless 'serverId' names a server with a stored URL",
                details: ["field": "hostname"]
            )
        }
        let server = try ReadQuery.server(serverId, in: backups)
        guard let endpoint = DuplicatiEndpoint(url: server.serverUrl) else {
            throw APIError(
                .validation,
                "Server '\(server.name)' has no stored Duplicati URL; send 'hostname' and 'port'",
                details: ["field": "hostname"]
            )
        }
        // The stored URL says which protocol worked; HTTPS may still need its self-signed
        // allowance, sent now or kept with the password by the collect that stored it.
        let allowance = allowSelfSigned || backups.acceptsSelfSigned(server: server.id)
        candidates = [DuplicatiClient.Connection(endpoint: endpoint, acceptsSelfSigned: allowance && endpoint.scheme == .https)]
    }
}
