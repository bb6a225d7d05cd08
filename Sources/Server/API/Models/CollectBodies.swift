/// The body of `POST /api/backups/collect`: a Duplicati server by host, port and password, or a
/// known server (`serverId`) whose stored URL gives host and port.
struct CollectBody: Decodable, Sendable {
    var hostname: String?
    var port: Int?
    var password: String?
    var serverId: String?
    /// Also answer what was read (credentials in destination URLs redacted).
    var downloadJson: Bool?
    /// Accept a self-signed certificate from this server (HTTPS is tried verified first).
    var allowSelfSigned: Bool?
    var all: Bool?

    /// A body naming only a known server (a collect by its stored URL and password).
    init(serverId: String) {
        self.serverId = serverId
    }
}

/// The body of `POST /api/servers/test-connection`.
struct TestConnectionBody: Decodable, Sendable {
    var serverUrl: String?
    /// The Node duplistatus's name for `serverUrl`.
    var server_url: String?
    var allowSelfSigned: Bool?
}

/// The body of `PUT|PATCH /api/servers/:serverId/server-url`.
struct ServerURLBody: Decodable, Sendable {
    var serverUrl: String
}

/// The body of `PUT|PATCH /api/servers/:serverId/password`.
struct ServerPasswordBody: Decodable, Sendable {
    var password: String
}
