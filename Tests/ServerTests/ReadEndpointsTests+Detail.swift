import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/detail/:serverId`: the overdue analysis of each job.
extension ReadEndpointsTests {
    func testDetailExplainsOverdueJobs() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet, .live) { client in
            let result = try await client.get("/api/detail/alpha", as: API.OverdueDetail.self)
            XCTAssertEqual(result.status, .ok)
            let detail = try result.data()
            XCTAssertEqual(detail.server.id, "srv-a")
            XCTAssertEqual(detail.server.runCount, 4)
            XCTAssertNil(detail.server.backups)
            XCTAssertEqual(detail.backups.map(\.job.name), ["Databases", "Files"])

            // Databases ran once at now−72h: expected at now−48h, late by exactly 48h on the test clock.
            let databases = detail.backups[0].overdueInfo
            XCTAssertEqual(detail.backups[0].job.status, "Error")
            XCTAssertTrue(databases.isOverdue)
            XCTAssertEqual(databases.expectedTime, ReadFleet.iso(fleet.now - 48 * ReadFleet.hour))
            XCTAssertEqual(databases.toleranceSeconds, 7200)
            XCTAssertEqual(databases.overdueSeconds, 172_800)
            XCTAssertNil(databases.lastNotificationSent)
            XCTAssertEqual(databases.recommendations.count, 3)
            XCTAssertTrue(databases.recommendations[0].contains("'alpha'"), databases.recommendations[0])
            XCTAssertTrue(databases.recommendations[1].contains("every 1 day"), databases.recommendations[1])
            XCTAssertTrue(databases.recommendations[2].contains("Error"), databases.recommendations[2])

            let files = detail.backups[1].overdueInfo
            XCTAssertFalse(files.isOverdue)
            XCTAssertEqual(files.overdueSeconds, 0)
            XCTAssertEqual(files.expectedTime, ReadFleet.iso(fleet.now + 23 * ReadFleet.hour))
            XCTAssertEqual(files.recommendations, [])

            XCTAssertEqual(detail.overdueSummary, API.OverdueDetail.Summary(totalOverdue: 1, averageOverdueSeconds: 172_800))
            XCTAssertEqual(detail.lastOverdueCheck, ReadFleet.iso(fleet.now))
        }
    }

    func testOverdueFollowsTheInjectedClock() async throws {
        let fleet = ReadFleet()
        let clock = TestClock(fleet.now)
        var config = config(now: fleet.now)
        config.clock = clock
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            try await fleet.upload(to: client)
            // gamma's Docs ran at now−30min: expected a day later, overdue once the tolerance (2h) has passed too.
            clock.advance(by: 24 * ReadFleet.hour)
            let actual = try await client.get("/api/detail/gamma", as: API.OverdueDetail.self).data().overdueSummary.totalOverdue
            XCTAssertEqual(actual, 0)
            clock.advance(by: 2 * ReadFleet.hour)
            let late = try await client.get("/api/detail/gamma", as: API.OverdueDetail.self).data()
            XCTAssertEqual(late.overdueSummary, API.OverdueDetail.Summary(totalOverdue: 1, averageOverdueSeconds: 9_000))
            XCTAssertEqual(late.lastOverdueCheck, ReadFleet.iso(fleet.now + 26 * ReadFleet.hour))
        }
    }

    func testDetailOfAHealthyServerAndUnknownServer() async throws {
        try await withFleet { client in
            let detail = try await client.get("/api/v1/detail/srv-c", as: API.OverdueDetail.self).data()
            XCTAssertEqual(detail.overdueSummary, API.OverdueDetail.Summary(totalOverdue: 0, averageOverdueSeconds: 0))
            XCTAssertEqual(detail.backups.first?.job.name, "Docs")
            try await client.get("/api/detail/nobody", as: Ignored.self).assertError(.notFound, "NotFoundError")
        }
    }

    func testOverallStatusRanksAndNamesIntervals() {
        func job(_ status: ParsedRun.Status, overdue: Bool) -> JobState {
            let summary = RunSummary(
                beginTime: 0,
                endTime: 0,
                durationSeconds: 0,
                fileCount: 0,
                fileSize: 0,
                uploadedSize: 0,
                storageSize: 0,
                versions: 0,
                warnings: 0,
                errors: 0,
                messages: 0,
                status: status
            )
            return JobState(
                serverId: "s",
                backupName: "b",
                lastRunId: "r",
                lastRun: summary,
                firstRunTime: 0,
                runCount: 1,
                recentRuns: [JobState.RecentRun(id: "r", summary: summary)],
                verdict: OverdueVerdict(
                    expectedAt: 0,
                    isOverdue: overdue,
                    overdueSeconds: overdue ? 1 : 0,
                    source: .configured,
                    interval: .oneDay,
                    tolerance: .standard
                ),
                settings: .defaults(firstRun: 0)
            )
        }
        XCTAssertEqual(OverallStatus.of([]), .unknown)
        XCTAssertEqual(OverallStatus.of([job(.success, overdue: false)]), .success)
        XCTAssertEqual(OverallStatus.of([job(.success, overdue: false), job(.unknown, overdue: false)]), .unknown)
        XCTAssertEqual(OverallStatus.of([job(.unknown, overdue: true)]), .warning)
        XCTAssertEqual(OverallStatus.of([job(.fatal, overdue: true), job(.error, overdue: false)]), .fatal)
        XCTAssertEqual(OverdueReport.interval(86_400), "1 day")
        XCTAssertEqual(OverdueReport.interval(6 * 3_600), "6 hours")
        XCTAssertEqual(OverdueReport.interval(90), "90 seconds")
    }
}
