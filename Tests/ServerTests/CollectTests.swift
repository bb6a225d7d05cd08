import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `POST /api/backups/collect` against a fake Duplicati 2.1 server speaking real HTTP and HTTPS
/// with the sample bodies: the three backup results of the sample log, duplicates skipped on a
/// second collect, paging past 500 rows, and each failure answered 502 in plain words.
final class CollectTests: XCTestCase {
    private var dataDirectory = ""
    private static let machineId = "66f5ffc7ff474a73a3c9cba4ac7bfb65"

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("collect", for: self)
    }

    /// The fake server, like Hummingbird, does not hang up on TLS bytes sent to its plain HTTP
    /// port, so the first (HTTPS) attempt against it lasts the whole timeout: keep it short.
    private func config(timeout: Int64 = 2) -> AppConfiguration {
        var config = TestDataDirectory.config(dataDirectory)
        config.clock = TestClock(1_764_547_200_000)  // 2025-12-01
        config.duplicatiTimeoutSeconds = timeout
        return config
    }

    /// Runs `body` with `fake` listening on a loopback port.
    private func withFake(
        _ fake: FakeDuplicati,
        tls: Bool = false,
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let configuration = tls ? try SelfSignedCertificate.serverConfiguration(in: dataDirectory + "-tls") : nil
        try await fake.application(tls: configuration).test(.live) { client in
            try await body(try XCTUnwrap(client.port))
        }
    }

    /// Uploads a real report of job Photos from machine `machineId` named `machineName`.
    private static func upload(_ client: some TestClientProtocol, machineId: String, machineName: String) async throws {
        var report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try Fixtures.realSample("synthetic-backup-success-2.1.0.5.json"))) as? [String: Any]
        )
        report["Extra"] = ["machine-id": machineId, "machine-name": machineName, "backup-name": "Photos", "backup-id": "DB-9"]
        try await upload(client, report: report)
    }

    /// Uploads `report` as JSON; it must be stored.
    private static func upload(_ client: some TestClientProtocol, report: [String: Any]) async throws {
        let upload = try await client.execute(
            uri: "/api/upload",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: report))
        )
        XCTAssertEqual(upload.status, .created)
    }

    /// Posts a collect body.
    private static func collect(_ client: some TestClientProtocol, _ body: String) async throws -> APIResult<API.CollectResult> {
        try await client.request(.post, "/api/backups/collect", as: API.CollectResult.self, json: body)
    }

    func testTheSampleLogGivesItsThreeBackupsOnceWithTheirFigures() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati()) { port in
            try await app.test(.router) { client in
                let body = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password","downloadJson":true}"#
                let first = try await Self.collect(client, body)
                XCTAssertEqual(first.status, .ok, first.envelope.message ?? "")
                let result = try first.data()
                XCTAssertEqual(result.serverId, Self.machineId)
                XCTAssertEqual(result.serverName, "WSJ-SER5")
                XCTAssertEqual(result.serverUrl, "http://127.0.0.1:\(port)")
                XCTAssertEqual([result.stats.processed, result.stats.skipped, result.stats.errors], [3, 0, 0])

                // The runs of node-duplistatus-collect-expected-records.json, with their values.
                let history = try await client.get("/api/servers/\(Self.machineId)/backups", as: API.RunHistoryPage.self).data()
                XCTAssertEqual(history.total, 3)
                let runs = history.items
                XCTAssertEqual(runs.map(\.beginTime), ["2025-04-21T23:45:46.971Z", "2025-04-20T23:45:01.123Z", "2025-04-18T23:45:00.500Z"])
                XCTAssertEqual(runs.map(\.status), ["Warning", "Success", "Error"])
                XCTAssertEqual(runs.map(\.durationSeconds), [51.3856057, 47.8765434, 8.75])
                XCTAssertEqual(runs.map(\.uploadedSize), [8_290_314, 1_203_311, 0])
                XCTAssertEqual(Set(runs.map(\.fileSize)), [11_086_692_615])
                XCTAssertEqual(Set(runs.map(\.fileCount)), [15399])
                XCTAssertEqual(runs.map(\.warnings), [2, 0, 0])
                XCTAssertEqual(runs.map(\.errors), [0, 0, 1])
                XCTAssertEqual(Set(runs.map(\.backupName)), ["WSJ-SER5 Local files"])

                // What was read, with the destination's credentials redacted.
                let json = try XCTUnwrap(result.json)
                XCTAssertEqual(json.backups.first?.Backup.TargetURL, "ssh:***--REDACTED--***")
                XCTAssertEqual(json.system_info.Options.map(\.Name), ["machine-id"])
                XCTAssertEqual(json.backup_logs.map(\.messages.count), [3, 0])

                let again = try await Self.collect(client, body.replacingOccurrences(of: #","downloadJson":true"#, with: ""))
                XCTAssertEqual([try again.data().stats.processed, try again.data().stats.skipped], [0, 3])
                XCTAssertNil(try again.data().json)
            }
        }
    }

    func testUploadsAndCollectsOfTheSameRunAreOneRun() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati()) { port in
            try await app.test(.router) { client in
                // The newest sample result as Duplicati would have uploaded it.
                var report = try XCTUnwrap(
                    JSONSerialization.jsonObject(with: try FakeDuplicati.sample("duplicati-api-backup-log-message-decoded-backup-result.json"))
                        as? [String: Any]
                )
                let lines = (report["Messages"] as? [String] ?? []) + (report["Warnings"] as? [String] ?? [])
                report = [
                    "Data": report,
                    "Extra": ["machine-id": Self.machineId, "machine-name": "WSJ-SER5", "backup-name": "WSJ-SER5 Local files", "backup-id": "DB-1"],
                    "LogLines": lines,
                ]
                try await Self.upload(client, report: report)
                let result = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#).data()
                XCTAssertEqual([result.stats.processed, result.stats.skipped], [2, 1])
            }
        }
    }

    func testPagingReadsPastFiveHundredRowsAndAFailingJobIsCounted() async throws {
        let app = try await buildApplication(config())
        let fake = FakeDuplicati(FakeDuplicati.Behaviour(generatedRows: 1_203))
        try await withFake(fake) { port in
            try await app.test(.router) { client in
                let body = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#
                let result = try await Self.collect(client, body).data()
                XCTAssertEqual([result.stats.processed, result.stats.errors], [3 + 1_203, 0])
                // Job 1 fits one page; job 2 takes two full pages and a short one.
                XCTAssertEqual(fake.logRequests.withLock { $0 }, 1 + 3)

                fake.update { $0.failingJobs = ["1"] }
                let failing = try await Self.collect(client, body).data()
                XCTAssertEqual([failing.stats.processed, failing.stats.skipped, failing.stats.errors], [0, 1_203, 1])
                XCTAssertTrue(failing.problems.first?.contains("answered 500") == true, "\(failing.problems)")
            }
        }
    }

    func testEachFailureIsA502ThatSaysWhatHappened() async throws {
        let app = try await buildApplication(config(timeout: 1))
        let fake = FakeDuplicati()
        try await withFake(fake) { port in
            try await app.test(.router) { client in
                let wrong = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"guess"}"#)
                XCTAssertEqual(wrong.status, .badGateway)
                XCTAssertEqual(wrong.envelope.error, "BadGatewayError")
                XCTAssertEqual(wrong.envelope.message, "Duplicati at http://127.0.0.1:\(port) rejected the password")

                // A refused port fails each way of reaching it at once: the HTTP client retried a
                // refused connection until the request's deadline, 15 s for each of the two.
                let closed = try FreePort.loopback()
                let started = ContinuousClock.now
                let refused = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(closed),"password":"x"}"#)
                XCTAssertEqual(refused.status, .badGateway)
                XCTAssertTrue(refused.envelope.message?.contains("refused the connection on port \(closed)") == true, refused.envelope.message ?? "")
                XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(1_800), "a refused port waited for the 1 s timeout of each attempt")

                // A known server by its id, without a password: the server is looked up first.
                let unknown = try await Self.collect(client, #"{"serverId":"no-such-server"}"#)
                XCTAssertEqual(unknown.status, .notFound, unknown.envelope.message ?? "")

                // Duplicati's login failing is named as such, not as the TLS attempt on its plain port.
                fake.update { $0.loginStatus = 500 }
                let failingLogin = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"x"}"#)
                XCTAssertEqual(failingLogin.envelope.message, "Duplicati at http://127.0.0.1:\(port) answered 500 when asked for a login")
                fake.update { $0.loginStatus = nil }

                fake.update { $0.emptyMachineId = true }
                let body = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#
                let anonymous = try await Self.collect(client, body)
                XCTAssertEqual(anonymous.status, .badGateway)
                XCTAssertTrue(anonymous.envelope.message?.contains("no machine-id and no known server is named 'NAS-02'") == true)

                fake.update {
                    $0.emptyMachineId = false
                    $0.systemInfoDelay = 3
                }
                let slow = try await Self.collect(client, body)
                XCTAssertEqual(slow.status, .badGateway)
                XCTAssertEqual(slow.envelope.message, "http://127.0.0.1:\(port) did not answer within 1 seconds")

                for bad in [#"{"port":\#(port),"password":"x"}"#, #"{"hostname":"h","port":0,"password":"x"}"#, #"{"hostname":"h"}"#] {
                    let refusedBody = try await Self.collect(client, bad)
                    XCTAssertEqual(refusedBody.status, .badRequest, bad)
                }
            }
        }
    }

    func testAnEmptyMachineIdFindsTheServerOfThatName() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati(FakeDuplicati.Behaviour(emptyMachineId: true))) { port in
            try await app.test(.router) { client in
                // NAS-02 is known from an upload (its reports carry its machine-id).
                try await Self.upload(client, machineId: "nas02-id", machineName: "NAS-02")
                let result = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#)
                XCTAssertEqual(result.status, .ok, result.envelope.message ?? "")
                XCTAssertEqual(try result.data().serverId, "nas02-id")
                XCTAssertEqual(try result.data().stats.processed, 3)
                // A second machine of that name: which one Duplicati is cannot be told, so nothing is stored.
                try await Self.upload(client, machineId: "nas02-other", machineName: "NAS-02")
                let ambiguous = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#)
                XCTAssertEqual(ambiguous.status, .badGateway)
                XCTAssertTrue(
                    ambiguous.envelope.message?.contains("2 known servers are named 'NAS-02' (nas02-id, nas02-other)") == true,
                    ambiguous.envelope.message ?? ""
                )
            }
        }
    }

    /// What Duplicati or the request names a new server by meets an upload's rules before anything
    /// is registered: an id with ':' or a name with a control character stores nothing.
    func testACollectRegistersNoServerAnUploadWouldRefuse() async throws {
        let app = try await buildApplication(config())
        let fake = FakeDuplicati(FakeDuplicati.Behaviour(emptyMachineId: true))
        try await withFake(fake) { port in
            try await app.test(.router) { client in
                let body = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password","serverId":"a:b"}"#
                try await Self.collect(client, body).assertError(.badRequest, "ValidationError", "Field 'serverId' contains ':' or '/'")
                fake.update {
                    $0.emptyMachineId = false
                    $0.machineName = "NAS\u{7}02"
                }
                let named = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#
                try await Self.collect(client, named).assertError(.badGateway, "BadGatewayError", "the machine name contains a control character")
                let servers = try await client.get("/api/servers", as: [API.ServerStatus].self)
                XCTAssertEqual(try servers.data().count, 0, "no server registered")
            }
        }
    }

    func testAServerNamedByItsNameKeepsItsIdWhenMachineIdIsEmpty() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati(FakeDuplicati.Behaviour(emptyMachineId: true))) { port in
            try await app.test(.router) { client in
                // OFFICE is known from an upload; Duplicati calls the machine NAS-02 and gives no id.
                try await Self.upload(client, machineId: "office-id", machineName: "OFFICE")
                let body = #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password","serverId":"OFFICE"}"#
                let result = try await Self.collect(client, body)
                XCTAssertEqual(result.status, .ok, result.envelope.message ?? "")
                XCTAssertEqual(try result.data().serverId, "office-id", "the name stands for its server's id")
                let servers = try await client.get("/api/servers", as: [API.ServerStatus].self)
                XCTAssertEqual(try servers.data().map(\.id), ["office-id"], "no second server named by the name")
            }
        }
    }

    func testHTTPSWithASelfSignedCertificateNeedsTheUsersAllowance() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati(), tls: true) { port in
            try await app.test(.router) { client in
                let refused = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#)
                XCTAssertEqual(refused.status, .badGateway)
                XCTAssertTrue(
                    refused.envelope.message?.contains("TLS connection to https://127.0.0.1:\(port) failed") == true,
                    refused.envelope.message ?? ""
                )
                XCTAssertTrue(refused.envelope.message?.contains("allowSelfSigned") == true)
                // In words: not the TLS library's own text, which names its types and the build machine's paths.
                XCTAssertTrue(refused.envelope.message?.contains("its certificate is not trusted") == true, refused.envelope.message ?? "")
                for leak in ["BoringSSL", "NIOSSL", ".build", "/Sources/"] {
                    XCTAssertFalse(refused.envelope.message?.contains(leak) == true, refused.envelope.message ?? "")
                }

                let allowed = try await Self.collect(
                    client,
                    #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password","allowSelfSigned":true}"#
                )
                XCTAssertEqual(allowed.status, .ok, allowed.envelope.message ?? "")
                XCTAssertEqual(try allowed.data().serverUrl, "https://127.0.0.1:\(port)")
                XCTAssertEqual(try allowed.data().stats.processed, 3)
                // The allowance is kept with the password: a collect by the server alone, and one
                // of every server, reach it again.
                let serverId = try allowed.data().serverId
                let again = try await Self.collect(client, #"{"serverId":"\#(serverId)"}"#)
                XCTAssertEqual(again.status, .ok, again.envelope.message ?? "")
                XCTAssertEqual(try again.data().stats.skipped, 3)
                let every = try await client.execute(
                    uri: "/api/backups/collect",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"all":true}"#)
                ) { String(buffer: $0.body) }
                XCTAssertTrue(every.contains(#""failed":[]"#) && every.contains(#""skipped":3"#), every)
            }
        }
    }

    func testTestConnectionAndTheStoredServerURL() async throws {
        let app = try await buildApplication(config())
        try await withFake(FakeDuplicati()) { port in
            try await app.test(.router) { client in
                let ok = try await client.request(
                    .post,
                    "/api/servers/test-connection",
                    as: API.TestConnection.self,
                    json: #"{"serverUrl":"http://127.0.0.1:\#(port)"}"#
                )
                XCTAssertEqual(try ok.data().success, true)
                let closed = try FreePort.loopback()
                let down = try await client.request(
                    .post,
                    "/api/servers/test-connection",
                    as: API.TestConnection.self,
                    json: #"{"serverUrl":"http://127.0.0.1:\#(closed)"}"#
                )
                XCTAssertEqual(try down.data().success, false)
                XCTAssertTrue(try down.data().message.contains("refused"))
                let bad = try await client.request(
                    .post,
                    "/api/servers/test-connection",
                    as: API.TestConnection.self,
                    json: #"{"serverUrl":"ftp://x"}"#
                )
                XCTAssertEqual(bad.status, .badRequest)

                // A collect stores the URL; a collect by serverId alone uses it.
                _ = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"my-duplicati-password"}"#)
                let stored = try await client.get("/api/servers/WSJ-SER5/server-url", as: API.ServerURL.self).data()
                XCTAssertEqual(stored.serverUrl, "http://127.0.0.1:\(port)")
                let byId = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)","password":"my-duplicati-password"}"#)
                XCTAssertEqual(try byId.data().stats.skipped, 3)

                let cleared = try await client.request(.put, "/api/servers/WSJ-SER5/server-url", as: API.ServerURL.self, json: #"{"serverUrl":""}"#)
                XCTAssertEqual(try cleared.data().serverUrl, "")
                let invalid = try await client.request(
                    .patch,
                    "/api/servers/WSJ-SER5/server-url",
                    as: API.ServerURL.self,
                    json: #"{"serverUrl":"nas:8200"}"#
                )
                XCTAssertEqual(invalid.status, .badRequest)
                let noURL = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)","password":"x"}"#)
                XCTAssertEqual(noURL.status, .badRequest)
            }
        }
    }
}

extension CollectTests {
    func testThePasswordIsKeptSealedAndSchedulesLandInTheJobsSettings() async throws {
        let app = try await buildApplication(config())
        let directory = dataDirectory
        try await withFake(FakeDuplicati()) { port in
            try await app.test(.router) { client in
                let password = "my-duplicati-password"
                let first = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"\#(password)"}"#).data()
                XCTAssertEqual(first.schedulesImported, 1, "only job 1 has a schedule")

                // The schedule of job 1: every weekday at 23:45 UTC, once a day.
                let settings = try await client.get("/api/configuration/backup-settings", as: [String: API.JobSettings].self).data()
                let job = try XCTUnwrap(settings["\(Self.machineId):WSJ-SER5 Local files"])
                XCTAssertEqual(job.expectedInterval, "1D")
                XCTAssertEqual(job.allowedWeekDays, [1, 2, 3, 4, 5])
                XCTAssertEqual(job.time, "2025-04-22T23:45:00.000Z")
                XCTAssertTrue(job.scheduleConfigured)

                // Stored sealed: the API says only that there is one, and no data file holds it plain.
                let has = try await client.get("/api/servers/\(Self.machineId)/password", as: API.PasswordState.self).data()
                XCTAssertTrue(has.hasPassword)
                let listed = try await client.get("/api/servers", as: [API.ServerPasswordFlag].self).data()
                XCTAssertEqual(listed.map(\.hasPassword), [true])
                let grep = Process()
                grep.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                grep.arguments = ["grep", "-rqF", password, directory]
                try grep.run()
                grep.waitUntilExit()
                XCTAssertEqual(grep.terminationStatus, 1, "the plain password is in a data file")

                // Later collects need no password: by serverId (the server page's "Collect now"
                // sends just that), and every server at once.
                let (_, _, page) = try await ReadEndpointsTests.webPage(client, "/servers/\(Self.machineId)")
                XCTAssertTrue(page.contains(#"data-api="/api/backups/collect""#) && page.contains(">Collect now</button>"), "collect now")
                XCTAssertTrue(page.contains(#"data-body="{&quot;serverId&quot;:&quot;\#(Self.machineId)&quot;}""#), "collect now's body")
                let again = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)"}"#)
                XCTAssertEqual(try again.data().stats.skipped, 3, again.envelope.message ?? "")
                let all = try await client.request(.post, "/api/backups/collect", as: API.CollectAll.self, json: #"{"all":true}"#).data()
                XCTAssertEqual(all.collected.map(\.serverName), ["WSJ-SER5"])
                XCTAssertEqual(all.failed.count, 0)

                // The stored password goes only to the stored address: naming another host needs
                // one of its own, and a new URL of another port forgets it (the answer says so).
                let elsewhere = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)","hostname":"localhost","port":\#(port)}"#)
                XCTAssertEqual(elsewhere.status, .badRequest, elsewhere.envelope.message ?? "")
                XCTAssertTrue(elsewhere.envelope.message?.contains("the stored one is for the server's stored URL") == true)
                let sameHost = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)","hostname":"127.0.0.1","port":\#(port)}"#)
                XCTAssertEqual(sameHost.status, .ok, sameHost.envelope.message ?? "")
                let moved = try await client.request(
                    .put,
                    "/api/servers/\(Self.machineId)/server-url",
                    as: Ignored.self,
                    json: #"{"serverUrl":"http://127.0.0.1:\#(port + 1)"}"#
                )
                XCTAssertEqual(moved.envelope.message, "Server updated; the Duplicati password stored for its old address was forgotten")
                let forgotten = try await client.get("/api/servers/\(Self.machineId)/password", as: API.PasswordState.self).data()
                XCTAssertFalse(forgotten.hasPassword)
                _ = try await Self.collect(client, #"{"hostname":"127.0.0.1","port":\#(port),"password":"\#(password)"}"#).data()

                // Cleared, a collect by serverId asks for it again; deleting the server forgets it.
                let cleared = try await client.request(.delete, "/api/servers/\(Self.machineId)/password", as: API.PasswordState.self)
                XCTAssertEqual(try cleared.data().hasPassword, false)
                let missing = try await Self.collect(client, #"{"serverId":"\#(Self.machineId)"}"#)
                XCTAssertEqual(missing.status, .badRequest)
                let (_, _, without) = try await ReadEndpointsTests.webPage(client, "/servers/\(Self.machineId)")
                XCTAssertFalse(without.contains(">Collect now</button>"), "no collect now without a password")
                XCTAssertTrue(without.contains("Collect from Duplicati…"))
                let twice = try await client.request(.delete, "/api/servers/\(Self.machineId)/password", as: API.PasswordState.self)
                XCTAssertEqual(twice.status, .notFound)
                let set = try await client.request(
                    .put,
                    "/api/servers/\(Self.machineId)/password",
                    as: API.PasswordState.self,
                    json: #"{"password":"x"}"#
                )
                XCTAssertEqual(try set.data().hasPassword, true)
                _ = try await client.request(.delete, "/api/servers/\(Self.machineId)", as: API.Keys.self)
                let afterDelete = try await client.request(.post, "/api/backups/collect", as: API.CollectAll.self, json: #"{"all":true}"#).data()
                XCTAssertEqual(afterDelete.collected.count + afterDelete.failed.count, 0)
            }
        }
    }
}

extension API {
    /// One job's settings in `GET /api/configuration/backup-settings`.
    struct JobSettings: Decodable {
        var expectedInterval: String
        var allowedWeekDays: [Int]
        var time: String
        var scheduleConfigured: Bool
    }

    /// The password flag of a server in `GET /api/servers`.
    struct ServerPasswordFlag: Decodable {
        var hasPassword: Bool
    }

    /// `GET /api/servers/:serverId/password`.
    struct PasswordState: Decodable {
        var serverId: String
        var hasPassword: Bool
    }

    /// `POST /api/backups/collect` with `{all: true}`.
    struct CollectAll: Decodable {
        struct Failure: Decodable { var serverId, serverName, message: String }
        var collected: [CollectResult]
        var failed: [Failure]
    }

    /// `POST /api/backups/collect`.
    struct CollectResult: Decodable {
        struct Stats: Decodable { var processed, skipped, errors: Int }
        struct Collected: Decodable {
            struct SystemInfo: Decodable {
                struct Option: Decodable { var Name: String }
                var Options: [Option]
            }
            struct Entry: Decodable {
                struct Backup: Decodable { var TargetURL: String? }
                var Backup: Backup
            }
            struct Log: Decodable { var messages: [API.Keys] }
            var system_info: SystemInfo
            var backups: [Entry]
            var backup_logs: [Log]
        }
        var serverId, serverName, serverAlias, serverUrl: String
        var stats: Stats
        var schedulesImported: Int
        var problems: [String]
        var json: Collected?
    }

    /// `POST /api/servers/test-connection`.
    struct TestConnection: Decodable {
        var success: Bool
        var message: String
    }

    /// `GET /api/servers/:serverId/server-url`.
    struct ServerURL: Decodable {
        var serverId: String
        var serverUrl: String
    }
}
