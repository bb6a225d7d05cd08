import Foundation
import Hummingbird
import HummingbirdTLS
import NIOSSL
import Synchronization
import XCTest

/// A Duplicati 2.1 server for the collect tests, answering with the real bodies of
/// `../shared/samples/duplicati-server-api/` over real HTTP (or HTTPS with a self-signed
/// certificate), with the failures a test switches on.
final class FakeDuplicati: Sendable {
    /// What the server does differently from a healthy Duplicati.
    struct Behaviour: Sendable {
        var password = "my-duplicati-password"
        /// Answer the system info with an empty machine-id.
        var emptyMachineId = false
        /// Answer the system info with this machine name instead of the sample's.
        var machineName: String?
        /// Job ids whose log answers 500.
        var failingJobs: Set<String> = []
        /// Extra generated backup results in job 2's log, to page through.
        var generatedRows = 0
        /// Seconds to wait before answering the system info.
        var systemInfoDelay = 0
        /// A status the login answers with instead of its own (a broken Duplicati).
        var loginStatus: Int?
    }

    static let token = "token-for-tests"
    private let behaviour: Mutex<Behaviour>
    /// How many log pages were asked for, to see the paging.
    let logRequests = Mutex(0)
    /// Generated rows as (ID, JSON object text), made once: building them per request would make
    /// the fake slower than the collect's timeout on a busy machine.
    private let generatedCache = Mutex<(count: Int, rows: [(id: Int64, json: Data)])>((0, []))

    init(_ behaviour: Behaviour = Behaviour()) {
        self.behaviour = Mutex(behaviour)
    }

    /// Changes the behaviour.
    func update(_ change: (inout Behaviour) -> Void) { behaviour.withLock { change(&$0) } }

    /// A sample body of `../shared/samples/duplicati-server-api/`.
    static func sample(_ name: String) throws -> Data {
        let url = Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-server-api/\(name)").standardizedFileURL
        return try XCTUnwrap(FileManager.default.contents(atPath: url.path), "sample \(name) is missing")
    }

    /// The application: plain HTTP, or HTTPS with `tls`.
    func application(tls: TLSConfiguration? = nil) throws -> some ApplicationProtocol {
        let router = Router()
        router.post("/api/v1/auth/login") { request, context -> Response in
            struct Login: Decodable { var Password: String }
            let login = try await request.decode(as: Login.self, context: context)
            if let status = self.behaviour.withLock({ $0.loginStatus }) { return Response(status: .init(code: status)) }
            guard login.Password == self.behaviour.withLock({ $0.password }) else {
                return try Self.json(Self.sample("duplicati-api-auth-login.response-401.json"), status: .unauthorized)
            }
            return Self.json(Data(#"{"AccessToken":"\#(Self.token)","RefreshNonce":"n"}"#.utf8))
        }
        router.get("/api/v1/systeminfo") { request, _ -> Response in
            guard Self.authorized(request) else { return Response(status: .unauthorized) }
            let (empty, delay, machineName) = self.behaviour.withLock { ($0.emptyMachineId, $0.systemInfoDelay, $0.machineName) }
            if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
            let name = empty ? "duplicati-api-systeminfo.response-200-no-machine-id.json" : "duplicati-api-systeminfo.response-200.json"
            guard let machineName else { return try Self.json(Self.sample(name)) }
            var info = try XCTUnwrap(JSONSerialization.jsonObject(with: Self.sample(name)) as? [String: Any])
            info["MachineName"] = machineName
            return Self.json(try JSONSerialization.data(withJSONObject: info))
        }
        router.get("/api/v1/backups") { request, _ -> Response in
            guard Self.authorized(request) else { return Response(status: .unauthorized) }
            return try Self.json(Self.sample("duplicati-api-backups.response-200.json"))
        }
        router.get("/api/v1/backup/:id/log") { request, context -> Response in
            guard Self.authorized(request) else { return Response(status: .unauthorized) }
            self.logRequests.withLock { $0 += 1 }
            let id = context.parameters.get("id") ?? ""
            let behaviour = self.behaviour.withLock { $0 }
            if behaviour.failingJobs.contains(id) { return try Self.json(Self.sample("duplicati-api-error-500.json"), status: .internalServerError) }
            let rows: [(id: Int64, json: Data)]
            switch id {
            case "1": rows = try Self.rows(Self.sample("duplicati-api-backup-1-log.response-200.json"))
            case "2": rows = try self.generated(behaviour.generatedRows)
            default: return try Self.json(Self.sample("duplicati-api-error-404-backup-not-found.json"), status: .notFound)
            }
            // LogData.DumpTable: WHERE ID < offset ORDER BY ID DESC LIMIT clamp(pagesize, 10, 500).
            let query = request.uri.queryParameters
            let offset = query["offset"].flatMap { Int64(String($0)) }
            let size = min(max(query["pagesize"].flatMap { Int(String($0)) } ?? 100, 10), 500)
            let page = rows.filter { row in offset.map { row.id < $0 } ?? true }.sorted { $0.id > $1.id }.prefix(size)
            var body = Data("[".utf8)
            for (index, row) in page.enumerated() {
                if index > 0 { body.append(contentsOf: Array(",".utf8)) }
                body.append(row.json)
            }
            body.append(contentsOf: Array("]".utf8))
            return Self.json(body)
        }
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        if let tls {
            return Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration)
        }
        return Application(router: router, configuration: configuration)
    }

    /// Whether the request carries the token the login gave.
    private static func authorized(_ request: Request) -> Bool {
        request.headers[.authorization] == "Bearer \(token)"
    }

    /// A JSON response.
    private static func json(_ body: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The rows of a sample log with their IDs.
    private static func rows(_ data: Data) throws -> [(id: Int64, json: Data)] {
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try rows.map { row in ((row["ID"] as? NSNumber)?.int64Value ?? 0, try JSONSerialization.data(withJSONObject: row)) }
    }

    /// `count` backup results, one a day back from 2025-01-01, made from the sample's decoded result.
    private func generated(_ count: Int) throws -> [(id: Int64, json: Data)] {
        guard count > 0 else { return [] }
        if let cached = generatedCache.withLock({ $0.count == count ? $0.rows : nil }) { return cached }
        let template = try XCTUnwrap(
            JSONSerialization.jsonObject(with: try Self.sample("duplicati-api-backup-log-message-decoded-backup-result.json")) as? [String: Any]
        )
        let format = ISO8601DateFormatter()
        let rows = try (1...count).map { index -> (id: Int64, json: Data) in
            var result = template
            let begin = Date(timeIntervalSince1970: 1_735_689_600 - Double(index) * 86_400)
            result["BeginTime"] = format.string(from: begin)
            result["EndTime"] = format.string(from: begin.addingTimeInterval(60))
            let message = String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self)
            let row: [String: Any] = [
                "ID": index, "OperationID": index, "Timestamp": Int(begin.timeIntervalSince1970), "Type": "Result", "Message": message,
            ]
            return (Int64(index), try JSONSerialization.data(withJSONObject: row))
        }
        generatedCache.withLock { $0 = (count, rows) }
        return rows
    }
}

/// A self-signed certificate for `127.0.0.1`, made with the openssl command.
enum SelfSignedCertificate {
    /// A server TLS configuration with a fresh self-signed certificate in `directory`.
    static func serverConfiguration(in directory: String) throws -> TLSConfiguration {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = directory + "/key.pem"
        let certificate = directory + "/cert.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0, "openssl could not make a certificate")
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        )
    }
}
