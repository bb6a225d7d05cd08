import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import XCTest

@testable import Server

/// New-run notifications through real HTTP: ntfy and the webhook reach a local server with the
/// right URL, query, headers and body; failures are named and bounded; uploads never wait.
final class NotificationDeliveryTests: XCTestCase {
    /// A quiet app on a fresh directory, with short delivery timeouts and retries.
    func config(attempts: Int = 3, timeout: Int = 1) -> AppConfiguration {
        var config = TestDataDirectory.config(TestDataDirectory.make("notify", for: self))
        config.notificationRetry = RetryPolicy(attempts: attempts, delay: .milliseconds(100))
        config.notificationTimeoutSeconds = timeout
        return config
    }

    /// The synthetic Error report (BUERO-PC / Buchhaltung), begun `offset` seconds after its own time.
    static func errorReport(offset: Int = 0) throws -> String {
        let body = try ReportParsing.edited("synthetic-backup-error-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            let begin = Date(timeIntervalSince1970: 1_746_310_500 + Double(offset))
            data["BeginTime"] = ISO8601DateFormatter().string(from: begin)
            data["EndTime"] = ISO8601DateFormatter().string(from: begin.addingTimeInterval(130))
            report["Data"] = data
        }
        return String(decoding: body, as: UTF8.self)
    }

    func testNtfyAndWebhookReceiveTheWarningOfANewRun() async throws {
        let recorder = RecordingHTTPServer()
        let app = try await buildApplication(config())
        try await recorder.run { port in
            try await app.test(.router) { client in
                let ntfy = #"{"url":"http://127.0.0.1:\#(port)/","topic":"dup-test_1","accessToken":"tok-ü-123","enabled":true}"#
                try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: ntfy).assertStatus(.ok)
                let hook = #"{"url":"http://127.0.0.1:\#(port)/hook?src=dup","headers":{"X-Api-Key":"key-42"}}"#
                try await client.request(.put, "/api/configuration/webhook", as: Ignored.self, json: hook).assertStatus(.ok)
                let report = try Self.errorReport()
                try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.created)
                let received = try await recorder.waitFor(2)
                XCTAssertEqual(received.count, 2)
                let ntfyPost = try XCTUnwrap(received.first { $0.path == "/dup-test_1" })
                XCTAssertEqual(ntfyPost.query["title"], "⚠️ Error - Buchhaltung @ BUERO-PC")
                XCTAssertEqual(ntfyPost.query["priority"], "high")
                XCTAssertEqual(ntfyPost.query["tags"], "duplicati,duplistatus,warning,error")
                XCTAssertEqual(ntfyPost.headers["authorization"], "Bearer tok-ü-123")
                XCTAssertTrue(ntfyPost.body.contains("Backup Buchhaltung on BUERO-PC finished with Error."), ntfyPost.body)
                XCTAssertTrue(ntfyPost.body.contains("Duration: 2m 9s"), ntfyPost.body)
                let hookPost = try XCTUnwrap(received.first { $0.path == "/hook" })
                XCTAssertEqual(hookPost.query["src"], "dup")
                XCTAssertEqual(hookPost.headers["x-api-key"], "key-42")
                XCTAssertEqual(hookPost.headers["content-type"], "application/json")
                let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(hookPost.body.utf8)) as? [String: Any])
                XCTAssertEqual(json["event"] as? String, "backup")
                XCTAssertEqual(json["status"] as? String, "Error")
                XCTAssertEqual(json["backup"] as? String, "Buchhaltung")
                XCTAssertEqual(json["priority"] as? String, "high")
                XCTAssertEqual(json["tags"] as? [String], ["duplicati", "duplistatus", "warning", "error"])
                XCTAssertNotNil(json["run"] as? String)
                // The same report again is a duplicate: nothing more is sent.
                try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.ok)
                try await Task.sleep(for: .milliseconds(500))
                XCTAssertEqual(recorder.requests.count, 2)
                // A template test goes to every configured channel, each variable shown by its name.
                let template =
                    #"{"type":"template","template":{"title":"T {backup_name}","message":"{server_alias} {expected_date}","priority":"low","tags":"a"}}"#
                let tested = try await client.request(.post, "/api/notifications/test", as: [String: [String]].self, json: template)
                XCTAssertEqual(try tested.data()["channels"]?.sorted(), ["ntfy", "webhook"])
                let both = try await recorder.waitFor(4)
                XCTAssertEqual(both.count, 4)
                let ntfyTest = try XCTUnwrap(both.dropFirst(2).first { $0.path == "/dup-test_1" })
                XCTAssertEqual(ntfyTest.query["title"], "T backup_name")
                XCTAssertEqual(ntfyTest.query["priority"], "low")
                XCTAssertTrue(ntfyTest.body.hasPrefix("server_alias expected_date\nSent at "), ntfyTest.body)
                // The settings page's buttons: a stored template by name, and the webhook alone.
                let named = #"{"type":"template","template":"success"}"#
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: named).assertStatus(.ok)
                let six = try await recorder.waitFor(6)
                let successTest = try XCTUnwrap(six.dropFirst(4).first { $0.path == "/dup-test_1" })
                XCTAssertEqual(successTest.query["title"], "✅ status - backup_name @ server_alias")
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"webhook"}"#).assertStatus(.ok)
                let seven = try await recorder.waitFor(7)
                XCTAssertEqual(seven.last?.path, "/hook")
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"template","template":"nope"}"#)
                    .assertError(.badRequest, "ValidationError", "template")
                // Only the run's two deliveries are counted; test sends are answered instead.
                let metrics = try await client.execute(uri: "/api/metrics", method: .get) { String(buffer: $0.body) }
                XCTAssertTrue(metrics.contains(#""notifications":{"dropped":0,"failed":0,"lastFailure":null,"sent":2}"#), metrics)
                // A test to another address does not take the stored token there (it is
                // write-only), and a URL holding credentials is refused rather than stored.
                let elsewhere = #"{"type":"simple","ntfyConfig":{"url":"http://localhost:\#(port)/","topic":"other"}}"#
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: elsewhere).assertStatus(.ok)
                let eight = try await recorder.waitFor(8)
                XCTAssertEqual(eight.last?.path, "/other")
                XCTAssertNil(eight.last?.headers["authorization"], "the stored token went to another address")
                let sameURL = #"{"type":"simple","ntfyConfig":{"topic":"again"}}"#
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: sameURL).assertStatus(.ok)
                let nine = try await recorder.waitFor(9)
                XCTAssertEqual(nine.last?.headers["authorization"], "Bearer tok-ü-123")
                let credentials = #"{"url":"http://alice:pw123@127.0.0.1:\#(port)/","topic":"x"}"#
                try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: credentials)
                    .assertError(.badRequest, "ValidationError", "user name or password")
                let hookCredentials = #"{"url":"https://bob:pw@hooks.example/x"}"#
                try await client.request(.put, "/api/configuration/webhook", as: Ignored.self, json: hookCredentials)
                    .assertError(.badRequest, "ValidationError", "user name or password")
                // A new webhook address without headers of its own sends none of the stored ones.
                let moved = #"{"url":"http://localhost:\#(port)/moved"}"#
                try await client.request(.put, "/api/configuration/webhook", as: Ignored.self, json: moved).assertStatus(.ok)
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"webhook"}"#).assertStatus(.ok)
                let ten = try await recorder.waitFor(10)
                XCTAssertEqual(ten.last?.path, "/moved")
                XCTAssertNil(ten.last?.headers["x-api-key"], "the stored headers went to another address")
                // A channel saved or tested while switched off says it notifies nobody.
                let off = try await client.request(.put, "/api/configuration/webhook", as: Ignored.self, json: #"{"enabled":false}"#)
                XCTAssertEqual(
                    off.envelope.message,
                    "Webhook configuration saved; Webhook is switched off, so backups do not notify through it until it is enabled"
                )
                let offTest = try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"webhook"}"#)
                XCTAssertTrue(
                    offTest.envelope.message?.hasPrefix("Test notification sent; the webhook is switched off") == true,
                    offTest.envelope.message ?? ""
                )
            }
        }
    }

    /// Copies of one new report sent at once, each on its own connection: one is stored and
    /// notifies, the others are duplicates, as when they come one after another.
    func testCopiesOfANewReportSentTogetherNotifyOnce() async throws {
        let recorder = RecordingHTTPServer()
        let app = try await buildApplication(config())
        try await recorder.run { ntfyPort in
            try await app.test(.live) { client in
                let ntfy = #"{"url":"http://127.0.0.1:\#(ntfyPort)/","topic":"copies","enabled":true}"#
                try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: ntfy).assertStatus(.ok)
                let port = try XCTUnwrap(client.port)
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                // A new server and job, then a new run of that job: both paths of an upload.
                let sent: Result<[(Int, [HTTPResponseStatus])], any Error>
                do { sent = .success(try await Self.sendCopies(of: [0, 3_600], port: port, http: http)) } catch { sent = .failure(error) }
                try await http.shutdown()
                for (offset, statuses) in try sent.get() {
                    XCTAssertEqual(statuses.filter { $0 == .created }.count, 1, "offset \(offset): \(statuses)")
                    XCTAssertEqual(statuses.filter { $0 == .ok }.count, 7, "offset \(offset): \(statuses)")
                }
                _ = try await recorder.waitFor(2)
                try await Task.sleep(for: .milliseconds(500))
                XCTAssertEqual(recorder.requests.count, 2, "one notification a run")
                let summary = try await client.get("/api/summary", as: API.FleetSummary.self).data()
                XCTAssertEqual(summary.totalBackupRuns, 2)
            }
        }
    }

    /// Eight copies of the error report begun `offset` seconds later, for each offset, sent at once on
    /// their own connections; the statuses of each offset's copies.
    private static func sendCopies(of offsets: [Int], port: Int, http: HTTPClient) async throws -> [(Int, [HTTPResponseStatus])] {
        var answers: [(Int, [HTTPResponseStatus])] = []
        for offset in offsets {
            let report = try Self.errorReport(offset: offset)
            let url = "http://127.0.0.1:\(port)/api/upload"
            answers.append((offset, try await http.statusesOfSimultaneousPosts(8, to: url, contentType: "application/json", body: report)))
        }
        return answers
    }

    func testFailuresAreNamedBoundedAndNeverSlowUploads() async throws {
        let failing = RecordingHTTPServer(status: .internalServerError)
        let silent = try await SilentServer()
        let closed = try FreePort.loopback()
        let app = try await buildApplication(config(attempts: 3, timeout: 1))
        try await failing.run { failingPort in
            try await app.test(.router) { client in
                func test(_ port: Int) async throws -> APIResult<Ignored> {
                    let body = #"{"type":"simple","ntfyConfig":{"url":"http://127.0.0.1:\#(port)","topic":"t"}}"#
                    return try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: body)
                }
                try await test(closed).assertError(.badGateway, "BadGatewayError", "refused")
                // An unresolvable name (.invalid never resolves, RFC 6761) is named as a DNS failure,
                // over HTTP and over SMTP alike.
                let dns = #"{"type":"simple","ntfyConfig":{"url":"http://duplistatus-test.invalid","topic":"t"}}"#
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: dns)
                    .assertError(.badGateway, "BadGatewayError", "DNS")
                let email =
                    #"{"host":"duplistatus-test.invalid","port":2525,"connectionType":"plain","mailto":"a@example.org","fromAddress":"d@example.org"}"#
                try await client.request(.post, "/api/configuration/email", as: Ignored.self, json: email).assertStatus(.ok)
                try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"email"}"#)
                    .assertError(.badGateway, "BadGatewayError", "DNS")
                try await test(failingPort).assertError(.badGateway, "BadGatewayError", "answered 500")
                XCTAssertEqual(failing.requests.count, 1)
                try await test(silent.port).assertError(.badGateway, "BadGatewayError", "timeout")
                // In the background: a 500 is not retried; a server that never answers is tried 3 times.
                let ntfy = #"{"url":"http://127.0.0.1:\#(failingPort)","topic":"t"}"#
                _ = try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: ntfy)
                _ = try await client.request(.post, "/api/upload", as: Ignored.self, json: try Self.errorReport(offset: 1))
                _ = try await failing.waitFor(2)
                try await Task.sleep(for: .milliseconds(500))
                XCTAssertEqual(failing.requests.count, 2)
                // The failures (ntfy's 500, e-mail's unknown host) are counted and shown, not only
                // logged; test sends are answered instead, and not counted.
                let metrics = try await client.execute(uri: "/api/metrics", method: .get) { String(buffer: $0.body) }
                XCTAssertTrue(metrics.contains(#""notifications":{"dropped":0,"failed":2,"lastFailure":{"at":"#), metrics)
                XCTAssertTrue(metrics.contains(#"},"sent":0},"#), metrics)
                XCTAssertTrue(
                    metrics.contains(#""channel":"ntfy","reason":"The server answered 500"#)
                        || metrics.contains(#""channel":"email","reason":"The host name 'duplistatus-test.invalid' could not be resolved"#),
                    metrics
                )
                let exposition = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
                XCTAssertTrue(exposition.contains("\nduplistatus_notifications_failed_total 2\n"), exposition)
                let (_, _, settings) = try await ReadEndpointsTests.webPage(client, "/settings")
                XCTAssertTrue(settings.contains("Deliveries: 0 sent, 2 failed, 0 dropped from a full queue"), settings)
                XCTAssertTrue(settings.contains(", ntfy: The server answered 500") || settings.contains(", email: The host name"), settings)
                let before = silent.connections
                let hang = #"{"url":"http://127.0.0.1:\#(silent.port)","topic":"t"}"#
                _ = try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: hang)
                let started = Date()
                for offset in 2..<22 {
                    let upload = try await client.request(.post, "/api/upload", as: Ignored.self, json: try Self.errorReport(offset: offset * 60))
                    XCTAssertEqual(upload.status, .created)
                }
                // Not one upload waited for a delivery: twenty took less than one delivery timeout.
                XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
                // Attempts start at about 0 s, 1.1 s and 2.2 s (1 s timeout, 0.1 s apart); the next run waits its turn.
                try await Task.sleep(for: .milliseconds(2_700))
                XCTAssertEqual(silent.connections - before, 3, "the first run's three attempts, one at a time")
            }
        }
        await silent.close()
    }

    /// A channel that hangs delays only its own deliveries: ntfy has every run's warning while the
    /// webhook still waits for its first answer. Once the webhook's retries have failed on the
    /// network, a run with others waiting behind it gets one attempt there instead of the whole
    /// cycle; the last gets every retry.
    func testAHangingChannelDelaysNoOtherChannel() async throws {
        let recorder = RecordingHTTPServer()
        let silent = try await SilentServer()
        let app = try await buildApplication(config(attempts: 3, timeout: 1))
        try await recorder.run { port in
            try await app.test(.router) { client in
                let ntfy = #"{"url":"http://127.0.0.1:\#(port)/","topic":"lanes"}"#
                try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: ntfy).assertStatus(.ok)
                let hook = #"{"url":"http://127.0.0.1:\#(silent.port)/hook"}"#
                try await client.request(.put, "/api/configuration/webhook", as: Ignored.self, json: hook).assertStatus(.ok)
                for offset in 0..<3 {
                    let report = try Self.errorReport(offset: offset * 60)
                    try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.created)
                }
                let received = try await recorder.waitFor(3)
                XCTAssertEqual(received.count, 3)
                // One run at a time over both channels, the second run's ntfy post waited for the
                // first run's three webhook attempts.
                XCTAssertLessThanOrEqual(silent.connections, 2, "ntfy waited for the webhook's retries")
                let deadline = Date().addingTimeInterval(20)
                var metrics = ""
                while Date() < deadline {
                    metrics = try await client.execute(uri: "/api/metrics", method: .get) { String(buffer: $0.body) }
                    if metrics.contains(#""failed":3,"#) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                XCTAssertTrue(metrics.contains(#""notifications":{"dropped":0,"failed":3,"#), metrics)
                XCTAssertTrue(metrics.contains(#""sent":3}"#), metrics)
                XCTAssertEqual(silent.connections, 7, "three attempts for the first run, one for the run waiting behind it, three for the last")
            }
        }
        await silent.close()
    }

    /// A shutdown does not wait for a channel that hangs, and the runs still queued are counted
    /// in the log rather than dropped without a word.
    func testAShutdownSaysHowManyQueuedNotificationsItLeaves() async throws {
        let silent = try await SilentServer()
        let server = try ServerProcess(dataDirectory: TestDataDirectory.make("notify-stop", for: self))
        let ntfy = #"{"url":"http://127.0.0.1:\#(silent.port)","topic":"t"}"#
        let configured = try await server.request("POST", "/api/configuration/ntfy", json: Data(ntfy.utf8))
        XCTAssertEqual(configured.status, 200)
        for offset in 0..<5 {
            let upload = try await server.request("POST", "/api/upload", json: Data(try Self.errorReport(offset: offset * 60).utf8))
            XCTAssertEqual(upload.status, 201)
        }
        // The first run's delivery hangs; the other four wait behind it.
        XCTAssertTrue(ServerProcess.wait(seconds: 10) { silent.connections > 0 })
        XCTAssertEqual(server.stop(), 0)
        let log = server.output.text
        XCTAssertTrue(log.contains("shutting down: queued notifications not sent") && log.contains("notifications=4 "), log)
        XCTAssertTrue(log.contains("Cancelled: the server is stopping"), log)
        await silent.close()
    }

    /// A channel whose host refuses connections fails its attempt at once, not after the
    /// request's timeout (60 seconds here).
    func testARefusedConnectionFailsItsAttemptAtOnce() async throws {
        let closed = try FreePort.loopback()
        let app = try await buildApplication(config(attempts: 3, timeout: 60))
        try await app.test(.router) { client in
            let body = #"{"type":"simple","ntfyConfig":{"url":"http://127.0.0.1:\#(closed)","topic":"t"}}"#
            let started = Date()
            try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: body)
                .assertError(.badGateway, "BadGatewayError", "refused")
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, "not the 60-second deadline")
        }
    }
}

extension APIResult {
    /// Asserts the answer's status, showing its message otherwise.
    func assertStatus(_ expected: HTTPResponse.Status, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(status, expected, envelope.message ?? "", file: file, line: line)
    }
}
