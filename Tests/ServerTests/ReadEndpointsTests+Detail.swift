import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/detail/:serverId`: the overdue analysis of each job.
extension ReadEndpointsTests {
    func testDetailExplainsOverdueJobs() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, json, _) = try await Self.get(client, "/api/detail/alpha")
            XCTAssertEqual(status, .ok)
            let data = try XCTUnwrap(json["data"] as? [String: Any])
            let server = try XCTUnwrap(data["server"] as? [String: Any])
            XCTAssertEqual(server["id"] as? String, "srv-a")
            XCTAssertEqual(server["runCount"] as? Int, 4)
            XCTAssertNil(server["backups"])
            let jobs = try XCTUnwrap(data["backups"] as? [[String: Any]])
            XCTAssertEqual(jobs.map { $0["name"] as? String }, ["Databases", "Files"])

            // Databases ran once at now−72h: expected at now−48h, late by 48h (plus the test's own time).
            let databases = try XCTUnwrap(jobs[0]["overdueInfo"] as? [String: Any])
            XCTAssertEqual(jobs[0]["status"] as? String, "Error")
            XCTAssertEqual(databases["isOverdue"] as? Bool, true)
            XCTAssertEqual(databases["expectedTime"] as? String, ReadFleet.iso(fleet.now - 48 * ReadFleet.hour))
            XCTAssertEqual(databases["toleranceSeconds"] as? Int, 7200)
            let late = try XCTUnwrap(databases["overdueSeconds"] as? Int)
            XCTAssertTrue((172_800...172_800 + Int(Self.secondsSince(fleet.now))).contains(late), "\(late)")
            XCTAssertTrue(databases["lastNotificationSent"] is NSNull)
            let advice = try XCTUnwrap(databases["recommendations"] as? [String])
            XCTAssertEqual(advice.count, 3)
            XCTAssertTrue(advice[0].contains("'alpha'"), advice[0])
            XCTAssertTrue(advice[1].contains("every 1 day"), advice[1])
            XCTAssertTrue(advice[2].contains("Error"), advice[2])

            let files = try XCTUnwrap(jobs[1]["overdueInfo"] as? [String: Any])
            XCTAssertEqual(files["isOverdue"] as? Bool, false)
            XCTAssertEqual(files["overdueSeconds"] as? Int, 0)
            XCTAssertEqual(files["expectedTime"] as? String, ReadFleet.iso(fleet.now + 23 * ReadFleet.hour))
            XCTAssertEqual(files["recommendations"] as? [String], [])

            let summary = try XCTUnwrap(data["overdueSummary"] as? [String: Any])
            XCTAssertEqual(summary["totalOverdue"] as? Int, 1)
            XCTAssertEqual(summary["averageOverdueSeconds"] as? Int, late)
            XCTAssertNotNil((data["lastOverdueCheck"] as? String).flatMap(ReportTimestamp.parseISO))
        }
    }

    func testDetailOfAHealthyServerAndUnknownServer() async throws {
        try await withFleet { client in
            let (_, json, _) = try await Self.get(client, "/api/v1/detail/srv-c")
            let data = try XCTUnwrap(json["data"] as? [String: Any])
            let summary = try XCTUnwrap(data["overdueSummary"] as? [String: Int])
            XCTAssertEqual(summary, ["totalOverdue": 0, "averageOverdueSeconds": 0])
            XCTAssertEqual((data["backups"] as? [[String: Any]])?.first?["name"] as? String, "Docs")
            try await Self.assertError(client, "/api/detail/nobody", .notFound, "NotFoundError")
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
                recentStatuses: [status],
                verdict: OverduePolicy.Verdict(expectedAt: 0, isOverdue: overdue, overdueSeconds: overdue ? 1 : 0)
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
