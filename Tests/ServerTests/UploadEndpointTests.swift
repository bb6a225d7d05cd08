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

    private static func fixture(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Fixtures.bytes(name))
    }

    /// Posts `body` and returns the answer with its receipt.
    private static func post(
        _ client: some TestClientProtocol,
        _ body: ByteBuffer,
        contentType: String? = "application/json"
    ) async throws -> APIResult<API.UploadReceipt> {
        try await client.request(.post, "/api/upload", as: API.UploadReceipt.self, bytes: body, contentType: contentType)
    }

    /// The number of runs the store reports through `/api/health`.
    private static func storedRuns(_ client: some TestClientProtocol) async throws -> Int {
        try await client.get("/api/health", as: HealthMirror.self).data().store.runs
    }

    /// The part of the health report these tests read.
    private struct HealthMirror: Decodable {
        struct Store: Decodable { var runs: Int }
        var store: Store
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
        try await app.test(.live) { client in
            var storedIds: [String] = []
            for (file, expectedStatus, runStatus) in expectations {
                let result = try await Self.post(client, try Self.fixture(file))
                XCTAssertEqual(result.status, expectedStatus, file)
                XCTAssertEqual(result.envelope.status, "success", file)
                let receipt = try result.data()
                if let runStatus {
                    XCTAssertEqual(result.envelope.message, "Backup data uploaded successfully", file)
                    XCTAssertEqual(receipt.status, runStatus, file)
                    let id = try XCTUnwrap(receipt.backupId)
                    XCTAssertEqual(id.count, 13, "run ids are 13 base-36 digits")
                    XCTAssertNotNil(receipt.serverId)
                    storedIds.append(id)
                    // The same report again is acknowledged, not stored twice.
                    let again = try await Self.post(client, try Self.fixture(file))
                    XCTAssertEqual(again.status, .ok, file)
                    XCTAssertEqual(again.envelope.message, "Duplicate upload ignored")
                    XCTAssertEqual(try again.data().backupId, id)
                    XCTAssertEqual(try again.data().duplicate, true)
                } else {
                    XCTAssertEqual(receipt.ignored, true, file)
                    XCTAssertNotNil(result.envelope.message, file)
                }
            }
            XCTAssertEqual(Set(storedIds).count, 5)
            let actual = try await Self.storedRuns(client)
            XCTAssertEqual(actual, 5)
        }
    }

    func testRejectionsNameTheProblemAndStoreNothing() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            // Form-encoded (Duplicati's default text format): the answer says how to switch to JSON.
            let form = try await Self.post(
                client,
                try Self.fixture("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt"),
                contentType: "application/x-www-form-urlencoded"
            )
            form.assertError(.badRequest, "ValidationError", "--send-http-result-output-format=Json")

            // A report without a machine-id names the missing field.
            var report = try XCTUnwrap(
                try JSONSerialization.jsonObject(
                    with: Data(try Self.fixture("synthetic-backup-success-2.1.0.5.json").readableBytesView)
                ) as? [String: Any]
            )
            var extra = try XCTUnwrap(report["Extra"] as? [String: Any])
            /// Posts the report with `extra` as its `Extra`.
            func post(extra: [String: Any]) async throws -> APIResult<API.UploadReceipt> {
                report["Extra"] = extra
                return try await Self.post(client, ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: report)), contentType: nil)
            }
            extra["machine-id"] = nil
            extra["machine-name"] = nil
            let missing = try await post(extra: extra)
            missing.assertError(.badRequest, "ValidationError", "Extra.machine-id")
            XCTAssertEqual(missing.envelope.details?["missingFields"], .list(["Extra.machine-id"]))

            // A machine-id with a ':' would split wrongly out of its jobs' keys ("<serverId>:<job>").
            extra["machine-id"] = "a1b2:c3d4"
            let colon = try await post(extra: extra)
            colon.assertError(.badRequest, "ValidationError", "Extra.machine-id")
            // A field that is there but unusable is listed as api.md says, and told apart.
            XCTAssertEqual(colon.envelope.details?["missingFields"], .list(["Extra.machine-id"]))
            XCTAssertEqual(colon.envelope.details?["invalidFields"], .list(["Extra.machine-id"]))
            XCTAssertNil(missing.envelope.details?["invalidFields"], "a missing field is not invalid")

            let garbage = try await Self.post(client, ByteBuffer(string: "{not json"))
            garbage.assertError(.badRequest, "ValidationError", "not valid JSON")

            let actual = try await Self.storedRuns(client)
            XCTAssertEqual(actual, 0)
        }
    }

    func testAcknowledgedRunSurvivesARestart() async throws {
        let app = try await buildApplication(config())
        let id = try await app.test(.router) { client in
            let receipt = try await Self.post(client, try Self.fixture("synthetic-backup-error-2.1.0.5.json")).data()
            return try XCTUnwrap(receipt.backupId)
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
