import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `POST /api/upload` end to end: every synthetic sample's outcome under our rules, idempotence,
/// rejections that name the fix, and durability across a restart.
final class UploadEndpointTests: XCTestCase {
    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("upload", for: self)
    }

    /// Uploads must be durable before the answer, so these tests flush like production.
    private func config() -> AppConfiguration { TestDataDirectory.config(dataDirectory, fsync: .always) }

    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    private static func fixture(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    /// Posts `body` and returns the status and the decoded envelope.
    private static func post(
        _ client: some TestClientProtocol,
        _ body: ByteBuffer,
        contentType: String? = "application/json"
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: "/api/upload", method: .post, headers: headers, body: body) { response in
            (response.status, try JSONObject(response.body))
        }
    }

    func testEverySyntheticSampleHasItsOutcome() async throws {
        // (file, HTTP status, stored status or nil when nothing is stored)
        let expectations: [(String, HTTPResponse.Status, String?)] = [
            ("synthetic-backup-success-2.1.0.5.json", .created, "Success"),
            ("synthetic-backup-success-many-loglines-deletion-2.1.0.5.json", .created, "Success"),
            ("synthetic-backup-error-2.1.0.5.json", .created, "Error"),
            ("synthetic-backup-fatal-2.1.0.5.json", .created, "Fatal"),
            ("synthetic-backup-success-2.0.8.1-no-machine-name.json", .created, "Success"),
            ("synthetic-backup-fatal-2.0.7.1-exception-as-data.json", .ok, nil),
            ("synthetic-restore-2.1.0.5.json", .ok, nil),
        ]
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            var storedIds: [String] = []
            for (file, expectedStatus, runStatus) in expectations {
                let (status, json) = try await Self.post(client, try Self.fixture(file))
                XCTAssertEqual(status, expectedStatus, file)
                XCTAssertEqual(json["status"] as? String, "success", file)
                let data = try XCTUnwrap(json["data"] as? [String: Any], file)
                if let runStatus {
                    XCTAssertEqual(json["message"] as? String, "Backup data uploaded successfully", file)
                    XCTAssertEqual(data["status"] as? String, runStatus, file)
                    let id = try XCTUnwrap(data["backupId"] as? String)
                    XCTAssertEqual(id.count, 13, "run ids are 13 base-36 digits")
                    XCTAssertNotNil(data["serverId"] as? String)
                    storedIds.append(id)
                    // The same report again is acknowledged, not stored twice.
                    let (againStatus, again) = try await Self.post(client, try Self.fixture(file))
                    XCTAssertEqual(againStatus, .ok, file)
                    XCTAssertEqual(again["message"] as? String, "Duplicate upload ignored")
                    let againData = try XCTUnwrap(again["data"] as? [String: Any])
                    XCTAssertEqual(againData["backupId"] as? String, id)
                    XCTAssertEqual(againData["duplicate"] as? Bool, true)
                } else {
                    XCTAssertEqual(data["ignored"] as? Bool, true, file)
                    XCTAssertNotNil(json["message"] as? String, file)
                }
            }
            XCTAssertEqual(Set(storedIds).count, 5)
            let health = try await client.execute(uri: "/api/health", method: .get) { try JSONObject($0.body) }
            let store = try XCTUnwrap((health["data"] as? [String: Any])?["store"] as? [String: Any])
            XCTAssertEqual(store["runs"] as? Int, 5)
        }
    }

    func testRejectionsNameTheProblemAndStoreNothing() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            // Form-encoded (Duplicati's default text format): the answer says how to switch to JSON.
            let (formStatus, form) = try await Self.post(
                client,
                try Self.fixture("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt"),
                contentType: "application/x-www-form-urlencoded"
            )
            XCTAssertEqual(formStatus, .badRequest)
            XCTAssertEqual(form["error"] as? String, "ValidationError")
            XCTAssertTrue((form["message"] as? String ?? "").contains("--send-http-result-output-format=Json"))

            // A report without a machine-id names the missing field.
            var report = try XCTUnwrap(
                try JSONSerialization.jsonObject(
                    with: Data(try Self.fixture("synthetic-backup-success-2.1.0.5.json").readableBytesView)
                ) as? [String: Any]
            )
            var extra = try XCTUnwrap(report["Extra"] as? [String: Any])
            extra["machine-id"] = nil
            report["Extra"] = extra
            let (missingStatus, missing) = try await Self.post(
                client,
                ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: report)),
                contentType: nil
            )
            XCTAssertEqual(missingStatus, .badRequest)
            let details = try XCTUnwrap(missing["details"] as? [String: Any])
            XCTAssertEqual(details["missingFields"] as? [String], ["Extra.machine-id"])

            let (garbageStatus, garbage) = try await Self.post(client, ByteBuffer(string: "{not json"))
            XCTAssertEqual(garbageStatus, .badRequest)
            XCTAssertEqual(garbage["status"] as? String, "error")

            let health = try await client.execute(uri: "/api/health", method: .get) { try JSONObject($0.body) }
            let store = try XCTUnwrap((health["data"] as? [String: Any])?["store"] as? [String: Any])
            XCTAssertEqual(store["runs"] as? Int, 0)
        }
    }

    func testAcknowledgedRunSurvivesARestart() async throws {
        let app = try await buildApplication(config())
        let id = try await app.test(.router) { client in
            let (_, json) = try await Self.post(client, try Self.fixture("synthetic-backup-error-2.1.0.5.json"))
            return try XCTUnwrap((json["data"] as? [String: Any])?["backupId"] as? String)
        }
        // The application's store closes on shutdown; a fresh open must find the run and its logs.
        var options = StoreOptions(directory: dataDirectory)
        options.backgroundMaintenance = false
        let store = try FlatStore.open(options, schema: .duplistatus)
        defer { store.closeBlocking() }
        let run = try XCTUnwrap(try BackupStore(store: store).runWithLogs(id))
        XCTAssertEqual(run.status, .error)
        XCTAssertEqual(run.logs.errors.count, 2)
    }
}
