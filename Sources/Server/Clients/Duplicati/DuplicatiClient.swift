import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOSSL

/// Talks to a Duplicati 2.1+ server's REST API (`duplicati-server.md`): logs in for a JWT, then
/// reads its system info, its jobs and their logs, every request bounded by `timeout`.
struct DuplicatiClient: Sendable {
    /// How the connection is made: the endpoint, and whether a self-signed certificate is accepted.
    struct Connection: Sendable, Equatable {
        var endpoint: DuplicatiEndpoint
        var acceptsSelfSigned: Bool
    }

    /// A logged-in connection.
    struct Session: Sendable {
        var connection: Connection
        var token: String
    }

    /// The HTTP client requests go through.
    let http: HTTPClient
    /// The limit for each request, connecting included.
    let timeout: Duration

    /// A client on `http` (the outside services' one unless a test passes another).
    init(http: HTTPClient = .outsideServices, timeout: Duration = .seconds(15)) {
        self.http = http
        self.timeout = timeout
    }

    /// The ways to reach `host:port`, in the order they are tried: HTTPS with a verified
    /// certificate, HTTPS accepting a self-signed one (only when allowed), then plain HTTP.
    static func candidates(host: String, port: Int, allowSelfSigned: Bool) -> [Connection] {
        var list = [Connection(endpoint: DuplicatiEndpoint(scheme: .https, host: host, port: port), acceptsSelfSigned: false)]
        if allowSelfSigned { list.append(Connection(endpoint: list[0].endpoint, acceptsSelfSigned: true)) }
        list.append(Connection(endpoint: DuplicatiEndpoint(scheme: .http, host: host, port: port), acceptsSelfSigned: false))
        return list
    }

    /// Logs in over the first of `candidates` that answers like Duplicati; a wrong password ends
    /// the search at once. When none answers, the failure of the most telling attempt is thrown
    /// (`mostTelling`).
    func logIn(_ candidates: [Connection], password: String) async throws(DuplicatiFailure) -> Session {
        var failures: [DuplicatiFailure] = []
        for connection in candidates {
            do {
                return try await logIn(connection, password: password)
            } catch let failure where failure.kind == .authentication {
                throw failure
            } catch {
                failures.append(error)
            }
        }
        throw Self.mostTelling(failures, triedSelfSigned: candidates.contains(where: \.acceptsSelfSigned))
            ?? DuplicatiFailure(kind: .refused, message: "No way to reach the server was given")
    }

    /// The failure a user should act on, of one per way of reaching a server.
    ///
    /// A TLS failure comes first (an HTTPS server whose certificate is refused also answers the
    /// plain-HTTP attempt on its port, with an error) unless it says the port does not speak TLS:
    /// then the plain-HTTP attempt reached the server, and its failure says what went wrong. A
    /// certificate refused by the verifying attempt says nothing once a self-signed one was tried.
    static func mostTelling(_ failures: [DuplicatiFailure], triedSelfSigned: Bool) -> DuplicatiFailure? {
        func rank(_ failure: DuplicatiFailure) -> Int {
            switch failure.kind {
            case .tls where failure.tlsFailure == .notTLS: 6
            case .tls where failure.tlsFailure == .untrusted && triedSelfSigned: 7
            case .tls: 0
            case .badAnswer: 1
            case .rejected: 2
            case .timeout: 3
            case .network: 4
            case .refused: 5
            case .dns: 5
            case .authentication, .noMachineId: 8
            }
        }
        return failures.min { rank($0) < rank($1) }
    }

    /// `POST /api/v1/auth/login` over `connection`.
    func logIn(_ connection: Connection, password: String) async throws(DuplicatiFailure) -> Session {
        struct Login: Encodable {
            var Password: String
            var RememberMe = true
        }
        let body = (try? JSONEncoder().encode(Login(Password: password))) ?? Data()
        let (status, bytes) = try await send(connection, "POST", "/api/v1/auth/login", token: nil, body: body)
        if status == 401 { throw .authentication(connection.endpoint) }
        guard (200..<300).contains(status) else { throw .rejected(connection.endpoint, "a login", status: status) }
        guard let token = (try? JSONDecoder().decode(DuplicatiModels.AccessToken.self, from: bytes))?.accessToken,
            !token.isEmpty
        else { throw .badAnswer(connection.endpoint, "the login") }
        return Session(connection: connection, token: token)
    }

    /// `GET path` as `session`: the body of a 2xx answer; `what` names it in errors.
    func fetch(_ session: Session, _ path: String, what: String) async throws(DuplicatiFailure) -> Data {
        let endpoint = session.connection.endpoint
        let (status, bytes) = try await send(session.connection, "GET", path, token: session.token, body: nil)
        if status == 401 { throw .authentication(endpoint) }
        guard (200..<300).contains(status) else { throw .rejected(endpoint, what, status: status) }
        return bytes
    }

    /// `GET path` as `session`, decoded as `T`; `what` names it in errors.
    func get<T: Decodable>(_ session: Session, _ path: String, as type: T.Type, what: String) async throws(DuplicatiFailure) -> T {
        try decode(T.self, from: try await fetch(session, path, what: what), session, what: what)
    }

    /// `bytes` decoded as `T`, or the failure that says Duplicati answered something else.
    func decode<T: Decodable>(_ type: T.Type, from bytes: Data, _ session: Session, what: String) throws(DuplicatiFailure) -> T {
        guard let value = try? JSONDecoder().decode(T.self, from: bytes) else { throw .badAnswer(session.connection.endpoint, what) }
        return value
    }

    /// One request; the status and the body (at most 64 MiB).
    private func send(
        _ connection: Connection,
        _ method: String,
        _ path: String,
        token: String?,
        body: Data?
    ) async throws(DuplicatiFailure) -> (UInt, Data) {
        var request = HTTPClientRequest(url: connection.endpoint.url + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if connection.acceptsSelfSigned {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            request.tlsConfiguration = tls
        }
        let seconds = timeout.components.seconds
        do {
            let response = try await http.execute(request, timeout: .seconds(seconds))
            let buffer = try await response.body.collect(upTo: 64 << 20)
            return (response.status.code, Data(buffer: buffer))
        } catch {
            throw DuplicatiFailure.classify(error, connection.endpoint, timeoutSeconds: seconds)
        }
    }
}
