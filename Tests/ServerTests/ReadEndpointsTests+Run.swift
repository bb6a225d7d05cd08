import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/backups/:backupId`: one run with its logs, capped and flagged.
extension ReadEndpointsTests {
    /// Uploads a fixture and returns the stored run's id.
    static func uploadFixture(_ client: some TestClientProtocol, _ name: String) async throws -> String {
        let result = try await client.request(.post, "/api/upload", as: API.UploadReceipt.self, bytes: ByteBuffer(bytes: try Fixtures.bytes(name)))
        XCTAssertEqual(result.status, .created)
        return try XCTUnwrap(result.data().backupId)
    }

    /// The logs of the run at `uri`.
    static func logs(_ client: some TestClientProtocol, _ uri: String) async throws -> API.BackupRunDetail.Logs {
        let result = try await client.get(uri, as: API.BackupRunDetail.self)
        XCTAssertEqual(result.status, .ok, uri)
        return try result.data().logs
    }

    /// Per-level flags or counts.
    typealias Levels<Value: Decodable & Equatable> = API.BackupRunDetail.Logs.PerLevel<Value>

    func testRunCarriesItsFieldsAndLogsOverTheNetwork() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet, .live) { client in
            let result = try await client.get("/api/backups/\(fleet.files3.id)", as: API.BackupRunDetail.self)
            XCTAssertEqual(result.status, .ok)
            XCTAssertNil(result.headers[.cacheControl])
            let detail = try result.data()
            Self.assertFiles3(detail.run, fleet)
            XCTAssertEqual(detail.logs.messages, ["Backup started", "Backup completed"])
            XCTAssertEqual(detail.logs.warnings, [])
            XCTAssertEqual(detail.logs.errors, [])
            XCTAssertEqual(detail.logs.truncated, Levels(messages: false, warnings: false, errors: false))
            XCTAssertEqual(detail.logs.reported, Levels(messages: 2, warnings: 0, errors: 0))
            let capped = try await Self.logs(client, "/api/v1/backups/\(fleet.files3.id)?maxLines=1")
            XCTAssertEqual(capped.messages, ["Backup started"])
            XCTAssertEqual(capped.truncated, Levels(messages: true, warnings: false, errors: false))
            let actual = try await Self.logs(client, "/api/backups/\(fleet.databases.id)").errors
            XCTAssertEqual(actual, ["Access denied"])

            try await client.get("/api/backups/nope", as: Ignored.self).assertError(.notFound, "NotFoundError")
            for bad in ["0", "10001", "-3", "many"] {
                let result = try await client.get("/api/backups/\(fleet.files3.id)?maxLines=\(bad)", as: Ignored.self)
                result.assertError(.badRequest, "ValidationError", "'maxLines'")
            }
        }
    }

    func testTruncatedReportsAndCapsAreFlagged() async throws {
        let app = try await buildApplication(config(now: ReadFleet().now))
        try await app.test(.router) { client in
            // Duplicati sent 100 of 144 messages ("... and 44 more").
            let cut = try await Self.uploadFixture(client, "synthetic-backup-success-truncated-loglines-2.1.0.5.json")
            let cutLogs = try await Self.logs(client, "/api/backups/\(cut)")
            XCTAssertEqual(cutLogs.messages.count, 100)
            XCTAssertEqual(cutLogs.truncated, Levels(messages: true, warnings: false, errors: false))
            XCTAssertEqual(cutLogs.reported, Levels(messages: 144, warnings: 0, errors: 0))
            // A complete report of 22 messages and 2 errors: capped at 10 per level.
            let failed = try await Self.uploadFixture(client, "synthetic-backup-error-2.1.0.5.json")
            let full = try await Self.logs(client, "/api/backups/\(failed)")
            XCTAssertEqual(full.messages.count, 22)
            XCTAssertEqual(full.errors.count, 2)
            XCTAssertEqual(full.truncated, Levels(messages: false, warnings: false, errors: false))
            let capped = try await Self.logs(client, "/api/backups/\(failed)?maxLines=10")
            XCTAssertEqual(capped.messages.count, 10)
            XCTAssertEqual(capped.errors.count, 2)
            XCTAssertEqual(capped.truncated, Levels(messages: true, warnings: false, errors: false))
        }
    }

    func testMarkerWithoutCountsFlagsEveryLevel() throws {
        let bytes = try Fixtures.bytes("synthetic-backup-success-truncated-loglines-2.1.0.5.json")
        var run = try ReportParsing.run(bytes)
        XCTAssertTrue(run.logs.truncated)
        // As if the report had no *ActualLength counters: the counts are the lines sent.
        run.messages = Int64(run.logs.messages.count)
        let logs = RunLogsView(run, maxLines: 1_000)
        XCTAssertEqual([logs.truncated.messages, logs.truncated.warnings, logs.truncated.errors], [true, true, true])
    }
}
