import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/backups/:backupId`: one run with its logs, capped and flagged.
extension ReadEndpointsTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Uploads a fixture and returns the stored run's id.
    static func uploadFixture(_ client: some TestClientProtocol, _ name: String) async throws -> String {
        let body = ByteBuffer(bytes: try Data(contentsOf: fixtures.appendingPathComponent(name)))
        return try await client.execute(uri: "/api/upload", method: .post, headers: [.contentType: "application/json"], body: body) {
            XCTAssertEqual($0.status, .created)
            return try XCTUnwrap((try JSONObject($0.body)["data"] as? [String: Any])?["backupId"] as? String)
        }
    }

    /// The `logs` object of a run.
    static func logs(_ client: some TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        let (status, json, _) = try await get(client, uri)
        XCTAssertEqual(status, .ok, uri)
        return try XCTUnwrap((json["data"] as? [String: Any])?["logs"] as? [String: Any], uri)
    }

    func testRunCarriesItsFieldsAndLogs() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, json, headers) = try await Self.get(client, "/api/backups/\(fleet.files3.id)")
            XCTAssertEqual(status, .ok)
            XCTAssertNil(headers[.cacheControl])
            let data = try XCTUnwrap(json["data"] as? [String: Any])
            var fields = data
            fields["logs"] = nil
            Self.assertFiles3(fields, fleet)
            let logs = try XCTUnwrap(data["logs"] as? [String: Any])
            XCTAssertEqual(logs["messages"] as? [String], ["Backup started", "Backup completed"])
            XCTAssertEqual(logs["warnings"] as? [String], [])
            XCTAssertEqual(logs["errors"] as? [String], [])
            XCTAssertEqual(logs["truncated"] as? [String: Bool], ["messages": false, "warnings": false, "errors": false])
            XCTAssertEqual(logs["reported"] as? [String: Int], ["messages": 2, "warnings": 0, "errors": 0])
            let capped = try await Self.logs(client, "/api/v1/backups/\(fleet.files3.id)?maxLines=1")
            XCTAssertEqual(capped["messages"] as? [String], ["Backup started"])
            XCTAssertEqual(capped["truncated"] as? [String: Bool], ["messages": true, "warnings": false, "errors": false])
            let database = try await Self.logs(client, "/api/backups/\(fleet.databases.id)")
            XCTAssertEqual(database["errors"] as? [String], ["Access denied"])

            try await Self.assertError(client, "/api/backups/nope", .notFound, "NotFoundError")
            for bad in ["0", "10001", "-3", "many"] {
                let message = try await Self.assertError(
                    client,
                    "/api/backups/\(fleet.files3.id)?maxLines=\(bad)",
                    .badRequest,
                    "ValidationError"
                )
                XCTAssertTrue(message.contains("'maxLines'"), message)
            }
        }
    }

    func testTruncatedReportsAndCapsAreFlagged() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            // Duplicati sent 100 of 144 messages ("... and 44 more").
            let cut = try await Self.uploadFixture(client, "synthetic-backup-success-truncated-loglines-2.1.0.5.json")
            let cutLogs = try await Self.logs(client, "/api/backups/\(cut)")
            XCTAssertEqual((cutLogs["messages"] as? [String])?.count, 100)
            XCTAssertEqual(cutLogs["truncated"] as? [String: Bool], ["messages": true, "warnings": false, "errors": false])
            XCTAssertEqual(cutLogs["reported"] as? [String: Int], ["messages": 144, "warnings": 0, "errors": 0])
            // A complete report of 22 messages and 2 errors: capped at 10 per level.
            let failed = try await Self.uploadFixture(client, "synthetic-backup-error-2.1.0.5.json")
            let full = try await Self.logs(client, "/api/backups/\(failed)")
            XCTAssertEqual((full["messages"] as? [String])?.count, 22)
            XCTAssertEqual((full["errors"] as? [String])?.count, 2)
            XCTAssertEqual(full["truncated"] as? [String: Bool], ["messages": false, "warnings": false, "errors": false])
            let capped = try await Self.logs(client, "/api/backups/\(failed)?maxLines=10")
            XCTAssertEqual((capped["messages"] as? [String])?.count, 10)
            XCTAssertEqual((capped["errors"] as? [String])?.count, 2)
            XCTAssertEqual(capped["truncated"] as? [String: Bool], ["messages": true, "warnings": false, "errors": false])
        }
    }

    func testMarkerWithoutCountsFlagsEveryLevel() throws {
        let bytes = try Array(Data(contentsOf: Self.fixtures.appendingPathComponent("synthetic-backup-success-truncated-loglines-2.1.0.5.json")))
        guard case .run(var run) = UploadParser.parse(body: bytes, contentType: "application/json", now: SystemClock().now()) else {
            return XCTFail("the fixture is a backup run")
        }
        XCTAssertTrue(run.logs.truncated)
        // As if the report had no *ActualLength counters: the counts are the lines sent.
        run.messages = Int64(run.logs.messages.count)
        let logs = RunLogsView(run, maxLines: 1_000)
        XCTAssertEqual([logs.truncated.messages, logs.truncated.warnings, logs.truncated.errors], [true, true, true])
    }
}
