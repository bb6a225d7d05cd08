import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §2–§3 read endpoints against `ReadFleet`, whose figures are computed by hand.
final class ReadEndpointsTests: XCTestCase {
    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("read", for: self)
    }

    /// A quiet configuration on this test's directory.
    func config() -> AppConfiguration { TestDataDirectory.config(dataDirectory) }

    /// Runs `body` against an application seeded with `fleet`.
    func withFleet(_ fleet: ReadFleet = ReadFleet(), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await fleet.upload(to: client)
            try await body(client)
        }
    }

    /// Seconds elapsed since `epochMs`, for figures the server computes from its own clock.
    static func secondsSince(_ epochMs: Int64) -> Int64 { (Int64(Date().timeIntervalSince1970 * 1000) - epochMs) / 1000 }

    func testSummaryCountsJobsByLatestRun() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            for prefix in ["/api", "/api/v1"] {
                let (status, json, headers) = try await Self.get(client, "\(prefix)/summary")
                XCTAssertEqual(status, .ok)
                XCTAssertEqual(headers[.cacheControl], "no-store")
                XCTAssertEqual(json["status"] as? String, "success")
                let data = try XCTUnwrap(json["data"] as? [String: Any])
                try Self.assertFleetSummary(data, fleet)
            }
        }
    }

    /// The summary of `ReadFleet`: 3 servers, 4 jobs, 6 runs; latest sizes 1200+400+100+50 and
    /// storage 600+300+80+20; uploads of all six runs; Files/Home succeed, Docs warns, Databases
    /// fails; Databases and Home are overdue; the newest end is Docs' (now−30min+60s).
    static func assertFleetSummary(_ data: [String: Any], _ fleet: ReadFleet) throws {
        XCTAssertEqual(data["totalServers"] as? Int, 3)
        XCTAssertEqual(data["totalBackupJobs"] as? Int, 4)
        XCTAssertEqual(data["totalBackupRuns"] as? Int, 6)
        XCTAssertEqual(data["totalBackupSize"] as? Int, 1750)
        XCTAssertEqual(data["totalStorageUsed"] as? Int, 1000)
        XCTAssertEqual(data["totalUploadedSize"] as? Int, 665)
        XCTAssertEqual(data["successfulBackups"] as? Int, 2)
        XCTAssertEqual(data["warningBackups"] as? Int, 1)
        XCTAssertEqual(data["failedBackups"] as? Int, 1)
        XCTAssertEqual(data["overdueBackups"] as? Int, 2)
        let lastEnd = fleet.docs.begin + 60_000
        XCTAssertEqual(data["lastBackupTime"] as? String, ReadFleet.iso(lastEnd))
        let since = try XCTUnwrap(data["secondsSinceLastBackup"] as? Int)
        XCTAssertTrue((1740...Int(secondsSince(lastEnd))).contains(since), "\(since)")
        XCTAssertNotNil((data["lastUpdated"] as? String).flatMap(ReportTimestamp.parseISO))
    }

    func testDashboardListsServersWithWorstStatus() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, json, headers) = try await Self.get(client, "/api/dashboard")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(headers[.cacheControl], "no-store")
            let data = try XCTUnwrap(json["data"] as? [String: Any])
            try Self.assertFleetSummary(try XCTUnwrap(data["summary"] as? [String: Any]), fleet)
            XCTAssertNotNil(data["lastUpdated"] as? String)
            let servers = try XCTUnwrap(data["servers"] as? [[String: Any]])
            XCTAssertEqual(servers.map { $0["name"] as? String }, ["alpha", "beta box", "gamma"])
            XCTAssertEqual(servers.map { $0["id"] as? String }, ["srv-a", fleet.betaId, "srv-c"])
            // alpha: Databases failed; beta: Success but overdue counts as warning; gamma: Warning.
            XCTAssertEqual(servers.map { $0["overallStatus"] as? String }, ["error", "warning", "warning"])
            XCTAssertEqual(Set(servers[0].keys), ["id", "name", "alias", "note", "lastSeen", "overallStatus", "backups"])
            let alphaJobs = try XCTUnwrap(servers[0]["backups"] as? [[String: Any]])
            XCTAssertEqual(alphaJobs.map { $0["name"] as? String }, ["Databases", "Files"])
            let files = alphaJobs[1]
            XCTAssertEqual(files["lastBackupId"] as? String, fleet.files3.id)
            XCTAssertEqual(files["status"] as? String, "Success")
            XCTAssertEqual(files["runCount"] as? Int, 3)
            XCTAssertEqual(files["recentStatuses"] as? [String], ["Success", "Warning", "Success"])
            XCTAssertEqual(files["overdue"] as? Bool, false)
            XCTAssertEqual(files["expectedBackupAt"] as? String, ReadFleet.iso(fleet.now + 23 * ReadFleet.hour))
            XCTAssertEqual(alphaJobs[0]["overdue"] as? Bool, true)
            XCTAssertEqual(alphaJobs[0]["expectedBackupAt"] as? String, ReadFleet.iso(fleet.now - 48 * ReadFleet.hour))
        }
    }

    func testEmptyStoreAnswersZerosAndNoServers() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let (_, summary, _) = try await Self.get(client, "/api/summary")
            let data = try XCTUnwrap(summary["data"] as? [String: Any])
            XCTAssertEqual(data["totalServers"] as? Int, 0)
            XCTAssertEqual(data["totalBackupRuns"] as? Int, 0)
            XCTAssertTrue(data["lastBackupTime"] == nil || data["lastBackupTime"] is NSNull)
            let (_, dashboard, _) = try await Self.get(client, "/api/dashboard")
            XCTAssertEqual(((dashboard["data"] as? [String: Any])?["servers"] as? [Any])?.count, 0)
            let (_, servers, _) = try await Self.get(client, "/api/servers")
            XCTAssertEqual((servers["data"] as? [Any])?.count, 0)
        }
    }
}

extension ReadEndpointsTests {
    /// GETs `uri` and returns the status, the decoded envelope and the headers.
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        try await client.execute(uri: uri, method: .get) { response in
            XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", uri)
            return (response.status, try JSONObject(response.body), response.headers)
        }
    }

    /// Asserts an error envelope with `status` and `error`; returns its message.
    @discardableResult
    static func assertError(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ status: HTTPResponse.Status,
        _ error: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws -> String {
        let (got, json, _) = try await Self.get(client, uri)
        XCTAssertEqual(got, status, uri, file: file, line: line)
        XCTAssertEqual(json["status"] as? String, "error", uri, file: file, line: line)
        XCTAssertEqual(json["error"] as? String, error, uri, file: file, line: line)
        let message = json["message"] as? String ?? ""
        XCTAssertFalse(message.isEmpty, uri, file: file, line: line)
        return message
    }
}
