import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// Counts and sizes are bounded where they enter (`ParsedRun.largestFigure`), and figures stored
/// before the bound, whose sums exceed 64 bits, still open and answer every page.
final class FigureBoundsTests: XCTestCase {
    func testAFigureAboveTheBoundIsRefusedAndTheBoundItselfKept() throws {
        let huge = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["ExaminedFiles"] = Int64.max
            var stats = data["BackendStatistics"] as? [String: Any] ?? [:]
            stats["BytesUploaded"] = ParsedRun.largestFigure + 1
            data["BackendStatistics"] = stats
            report["Data"] = data
        }
        let rejection = try ReportParsing.rejection(huge)
        XCTAssertEqual(Set(rejection.fields), ["Data.ExaminedFiles", "Data.BackendStatistics.BytesUploaded"])
        XCTAssertTrue(rejection.message.contains("is larger than 9007199254740991"), rejection.message)
        let largest = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["SizeOfExaminedFiles"] = ParsedRun.largestFigure
            report["Data"] = data
        }
        XCTAssertEqual(try ReportParsing.run(largest).fileSize, ParsedRun.largestFigure)
        let generic =
            #"{"server":{"name":"s"},"backup":{"name":"b","status":"success","startTime":"2025-01-01T00:00:00Z","#
            + #""size":9223372036854775807}}"#
        XCTAssertEqual(try ReportParsing.rejection(Array(generic.utf8)).fields, ["backup.size"])
    }

    func testAnOldDatabaseWithAFigureBeyondTheBoundLosesOnlyThatRow() {
        var columns: [String: ReportJSON] = [
            "id": .string("7"), "server_id": .string("srv"), "backup_name": .string("Files"),
            "begin_time": .string("2025-01-01T00:00:00.000Z"), "messages_array": .string("[]"),
            "warnings_array": .string("[]"), "errors_array": .string("[]"), "duration_seconds": .int(60),
            "uploaded_size": .int(Int64.max),
        ]
        guard case .failure(let problem) = LegacyRunMapper.map(LegacyRow(columns), serverName: "srv") else {
            return XCTFail("a row with an overflowing size was mapped")
        }
        XCTAssertEqual(problem.reason, "uploaded_size 9223372036854775807 is larger than any backup")
        columns["uploaded_size"] = .int(0)
        columns["duration_seconds"] = .double(1e300)
        guard case .failure(let long) = LegacyRunMapper.map(LegacyRow(columns), serverName: "srv") else {
            return XCTFail("a row with an absurd duration was mapped")
        }
        XCTAssertTrue(long.reason.hasPrefix("duration_seconds "), long.reason)
        columns["duration_seconds"] = .int(60)
        columns["backup_name"] = .string("Files\u{0}")
        guard case .failure(let named) = LegacyRunMapper.map(LegacyRow(columns), serverName: "srv") else {
            return XCTFail("a row with a control character in its job name was mapped")
        }
        XCTAssertEqual(named.reason, "backup_name contains a control character")
        columns["backup_name"] = .string("Files")
        guard case .success(let run) = LegacyRunMapper.map(LegacyRow(columns), serverName: String(repeating: "n", count: 1_001)) else {
            return XCTFail("a sound row was refused")
        }
        XCTAssertEqual(run.serverName, "srv", "a server name this server would refuse gives way to the id")
    }

    /// As a store written before the bound may hold: two jobs whose sizes sum past Int64.max.
    func testFiguresWhoseSumsOverflowStillOpenAndAnswer() async throws {
        let now = AdminFleet.ms("2025-06-30T12:00:00Z")
        let directory = TestDataDirectory.make("figure-overflow", for: self)
        var runs: [(run: ParsedRun, receivedAt: Int64?)] = []
        for backup in ["Files", "Photos"] {
            var run = AdminFleet.run("srv-a", "alpha", backup, begin: now - 3_600_000, uploaded: .max, storage: .max, versions: .max)
            run.fileCount = .max
            run.fileSize = .max
            runs.append((run, nil))
        }
        try await AdminFleet.seed(directory, runs)
        let app = try await buildApplication(AdminFleet.config(directory, now: now))
        try await app.test(.router) { client in
            for uri in [
                "/api/summary", "/api/dashboard", "/api/servers/srv-a", "/api/detail/srv-a", "/api/lastbackups/srv-a", "/metrics",
                "/api/metrics", "/api/chart-data/aggregated?startDate=2025-01-01", "/api/chart-data/server/srv-a?startDate=2025-01-01",
                "/api/servers/srv-a/backups", "/", "/?view=table", "/servers/srv-a", "/servers/srv-a?range=all&style=bar", "/settings",
            ] {
                let status = try await client.execute(uri: uri, method: .get) { $0.status }
                XCTAssertEqual(status, .ok, uri)
            }
            let summary = try await client.execute(uri: "/api/summary", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(summary.contains(#""totalStorageUsed":9223372036854775807"#), summary)
        }
    }
}
