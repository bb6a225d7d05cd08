import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §2–§3 read endpoints against `ReadFleet`, whose figures are computed by hand; the
/// server's clock is the fleet's `now`, so every time-dependent figure is exact.
final class ReadEndpointsTests: XCTestCase {
    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("read", for: self)
    }

    /// A quiet configuration on this test's directory whose clock stands at `now`.
    func config(now: Int64) -> AppConfiguration {
        var config = TestDataDirectory.config(dataDirectory)
        config.clock = TestClock(now)
        return config
    }

    /// Runs `body` against an application seeded with `fleet`, in process (`.router`) or over a
    /// real socket (`.live`).
    func withFleet(
        _ fleet: ReadFleet = ReadFleet(),
        _ framework: TestingSetup = .router,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = try await buildApplication(config(now: fleet.now))
        try await app.test(framework) { client in
            try await fleet.upload(to: client)
            try await body(client)
        }
    }

    func testSummaryCountsJobsByLatestRunOverTheNetwork() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet, .live) { client in
            for prefix in ["/api", "/api/v1"] {
                let result = try await client.get("\(prefix)/summary", as: API.FleetSummary.self)
                XCTAssertEqual(result.status, .ok)
                XCTAssertEqual(result.headers[.cacheControl], "no-store")
                XCTAssertEqual(result.headers[.contentType], "application/json; charset=utf-8")
                XCTAssertEqual(result.envelope.status, "success")
                Self.assertFleetSummary(try result.data(), fleet)
            }
        }
    }

    /// The summary of `ReadFleet`: 3 servers, 4 jobs, 6 runs; latest sizes 1200+400+100+50 and
    /// storage 600+300+80+20; uploads of all six runs; Files/Home succeed, Docs warns, Databases
    /// fails; Databases and Home are overdue; the newest end is Docs' (now−30min+60s).
    static func assertFleetSummary(_ summary: API.FleetSummary, _ fleet: ReadFleet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(summary.totalServers, 3, file: file, line: line)
        XCTAssertEqual(summary.totalBackupJobs, 4, file: file, line: line)
        XCTAssertEqual(summary.totalBackupRuns, 6, file: file, line: line)
        XCTAssertEqual(summary.totalBackupSize, 1750, file: file, line: line)
        XCTAssertEqual(summary.totalStorageUsed, 1000, file: file, line: line)
        XCTAssertEqual(summary.totalUploadedSize, 665, file: file, line: line)
        XCTAssertEqual(summary.successfulBackups, 2, file: file, line: line)
        XCTAssertEqual(summary.warningBackups, 1, file: file, line: line)
        XCTAssertEqual(summary.failedBackups, 1, file: file, line: line)
        XCTAssertEqual(summary.overdueBackups, 2, file: file, line: line)
        XCTAssertEqual(summary.lastBackupTime, ReadFleet.iso(fleet.docs.begin + 60_000), file: file, line: line)
        XCTAssertEqual(summary.secondsSinceLastBackup, 1740, file: file, line: line)
        XCTAssertEqual(summary.lastUpdated, ReadFleet.iso(fleet.now), file: file, line: line)
    }

    func testDashboardListsServersWithWorstStatus() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let result = try await client.get("/api/dashboard", as: API.Dashboard.self)
            XCTAssertEqual(result.status, .ok)
            XCTAssertEqual(result.headers[.cacheControl], "no-store")
            let dashboard = try result.data()
            Self.assertFleetSummary(dashboard.summary, fleet)
            XCTAssertEqual(dashboard.lastUpdated, ReadFleet.iso(fleet.now))
            XCTAssertEqual(dashboard.servers.map(\.name), ["alpha", "beta box", "gamma"])
            XCTAssertEqual(dashboard.servers.map(\.id), ["srv-a", fleet.betaId, "srv-c"])
            // alpha: Databases failed; beta: Success but overdue counts as warning; gamma: Warning.
            XCTAssertEqual(dashboard.servers.map(\.overallStatus), ["error", "warning", "warning"])
            let alphaJobs = dashboard.servers[0].backups
            XCTAssertEqual(alphaJobs.map(\.name), ["Databases", "Files"])
            let files = alphaJobs[1]
            XCTAssertEqual(files.lastBackupId, fleet.files3.id)
            XCTAssertEqual(files.status, "Success")
            XCTAssertEqual(files.runCount, 3)
            XCTAssertEqual(files.recentStatuses, ["Success", "Warning", "Success"])
            XCTAssertFalse(files.overdue)
            XCTAssertEqual(files.expectedBackupAt, ReadFleet.iso(fleet.now + 23 * ReadFleet.hour))
            XCTAssertTrue(alphaJobs[0].overdue)
            XCTAssertEqual(alphaJobs[0].expectedBackupAt, ReadFleet.iso(fleet.now - 48 * ReadFleet.hour))
        }
    }

    func testEmptyStoreAnswersZerosAndNoServers() async throws {
        let app = try await buildApplication(config(now: ReadFleet().now))
        try await app.test(.router) { client in
            let summary = try await client.get("/api/summary", as: API.FleetSummary.self).data()
            XCTAssertEqual(summary.totalServers, 0)
            XCTAssertEqual(summary.totalBackupRuns, 0)
            XCTAssertNil(summary.lastBackupTime)
            XCTAssertNil(summary.secondsSinceLastBackup)
            let dashboardServers = try await client.get("/api/dashboard", as: API.Dashboard.self).data().servers.count
            XCTAssertEqual(dashboardServers, 0)
            let servers = try await client.get("/api/servers", as: [API.ServerStatus].self).data().count
            XCTAssertEqual(servers, 0)
        }
    }
}
