import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// lastbackup(s), the server list, one server and its overdue detail.
extension ReadEndpointsTests {
    func testLastBackupIsTheNewestRunAcrossJobsByIdOrName() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            for path in ["/api/lastbackup/srv-a", "/api/lastbackup/alpha", "/api/v1/lastbackup/alpha"] {
                let (status, json, headers) = try await Self.get(client, path)
                XCTAssertEqual(status, .ok, path)
                XCTAssertEqual(headers[.cacheControl], "no-store")
                let data = try XCTUnwrap(json["data"] as? [String: Any])
                XCTAssertEqual(data["server"] as? [String: String], ["id": "srv-a", "name": "alpha", "alias": "", "note": ""])
                let run = try XCTUnwrap(data["lastBackup"] as? [String: Any])
                Self.assertFiles3(run, fleet)
            }
            let (_, beta, _) = try await Self.get(client, "/api/lastbackup/beta%20box")
            let betaRun = try XCTUnwrap((beta["data"] as? [String: Any])?["lastBackup"] as? [String: Any])
            XCTAssertEqual(betaRun["id"] as? String, fleet.home.id)
            XCTAssertEqual(betaRun["serverId"] as? String, fleet.betaId)
            try await Self.assertError(client, "/api/lastbackup/nobody", .notFound, "NotFoundError")
            try await Self.assertError(client, "/api/lastbackups/nobody", .notFound, "NotFoundError")
        }
    }

    /// `files3` as a `BackupRun`, every figure of the generic report.
    static func assertFiles3(_ run: [String: Any], _ fleet: ReadFleet) {
        XCTAssertEqual(run["id"] as? String, fleet.files3.id)
        XCTAssertEqual(run["serverId"] as? String, "srv-a")
        XCTAssertEqual(run["serverName"] as? String, "alpha")
        XCTAssertEqual(run["backupName"] as? String, "Files")
        XCTAssertEqual(run["status"] as? String, "Success")
        XCTAssertEqual(run["beginTime"] as? String, ReadFleet.iso(fleet.files3.begin))
        XCTAssertEqual(run["endTime"] as? String, ReadFleet.iso(fleet.files3.begin + 180_000))
        XCTAssertEqual(run["durationSeconds"] as? Double, 180)
        XCTAssertEqual(run["duration"] as? String, "00:03:00")
        XCTAssertEqual(run["fileCount"] as? Int, 12)
        XCTAssertEqual(run["fileSize"] as? Int, 1200)
        XCTAssertEqual(run["uploadedSize"] as? Int, 300)
        XCTAssertEqual(run["storageSize"] as? Int, 600)
        XCTAssertEqual(run["versions"] as? Int, 3)
        XCTAssertEqual(run["messages"] as? Int, 2)
        XCTAssertEqual(run["warnings"] as? Int, 0)
        XCTAssertEqual(run["errors"] as? Int, 0)
        XCTAssertEqual(run["duplicatiVersion"] as? String, "2.1.0.5")
        XCTAssertNil(run["logs"], "lists never carry logs")
    }

    func testLastBackupsHasTheNewestRunOfEachJob() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, json, headers) = try await Self.get(client, "/api/lastbackups/alpha")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(headers[.cacheControl], "no-store")
            let data = try XCTUnwrap(json["data"] as? [String: Any])
            XCTAssertEqual((data["server"] as? [String: Any])?["id"] as? String, "srv-a")
            XCTAssertEqual(data["backupJobsCount"] as? Int, 2)
            XCTAssertEqual(data["backupNames"] as? [String], ["Databases", "Files"])
            let runs = try XCTUnwrap(data["backups"] as? [[String: Any]])
            XCTAssertEqual(runs.map { $0["id"] as? String }, [fleet.databases.id, fleet.files3.id])
            XCTAssertEqual(runs[0]["status"] as? String, "Error")
            XCTAssertEqual(runs[0]["errors"] as? Int, 1)
            Self.assertFiles3(runs[1], fleet)
            XCTAssertNotNil((data["lastUpdated"] as? String).flatMap(ReportTimestamp.parseISO))
        }
    }

    func testServerListCountsJobsAndRuns() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, json, _) = try await Self.get(client, "/api/servers")
            XCTAssertEqual(status, .ok)
            let servers = try XCTUnwrap(json["data"] as? [[String: Any]])
            XCTAssertEqual(servers.map { $0["id"] as? String }, ["srv-a", fleet.betaId, "srv-c"])
            XCTAssertEqual(servers.map { $0["backupCount"] as? Int }, [2, 1, 1])
            XCTAssertEqual(servers.map { $0["runCount"] as? Int }, [4, 1, 1])
            XCTAssertEqual(servers.map { $0["overallStatus"] as? String }, ["error", "warning", "warning"])
            XCTAssertEqual(servers.map { $0["hasPassword"] as? Bool }, [false, false, false])
            XCTAssertEqual(servers[0]["serverUrl"] as? String, "")
            XCTAssertNotNil((servers[0]["lastSeen"] as? String).flatMap(ReportTimestamp.parseISO))
            XCTAssertNil(servers[0]["backups"])

            let (_, withJobs, _) = try await Self.get(client, "/api/servers?includeBackups=true")
            let detailed = try XCTUnwrap(withJobs["data"] as? [[String: Any]])
            let names = detailed.map { ($0["backups"] as? [[String: Any]])?.map { $0["name"] as? String } }
            XCTAssertEqual(names, [["Databases", "Files"], ["Home"], ["Docs"]])
            try await Self.assertError(client, "/api/servers?includeBackups=maybe", .badRequest, "ValidationError")
        }
    }

    func testServerDetailHasJobsAndStatistics() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            for path in ["/api/servers/srv-a", "/api/servers/alpha", "/api/servers/alpha?includeChartData=false"] {
                let (status, json, _) = try await Self.get(client, path)
                XCTAssertEqual(status, .ok, path)
                let data = try XCTUnwrap(json["data"] as? [String: Any])
                XCTAssertEqual(data["id"] as? String, "srv-a")
                XCTAssertEqual(data["backupCount"] as? Int, 2)
                XCTAssertEqual(data["overallStatus"] as? String, "error")
                XCTAssertEqual((data["backups"] as? [[String: Any]])?.map { $0["runCount"] as? Int }, [1, 3])
                XCTAssertNil(data["chartData"])
                // Four runs: 2 Success, 1 Error; durations 60+120+180+30; uploads 100+200+300+50;
                // newest run Files@now−1h (1200 bytes); latest storage 600+300 and versions 3+5.
                let statistics = try XCTUnwrap(data["statistics"] as? [String: Any])
                XCTAssertEqual(statistics["totalBackupRuns"] as? Int, 4)
                XCTAssertEqual(statistics["successfulBackups"] as? Int, 2)
                XCTAssertEqual(statistics["failedBackups"] as? Int, 1)
                XCTAssertEqual(statistics["successRate"] as? Double, 50)
                XCTAssertEqual(statistics["averageDurationSeconds"] as? Double, 97.5)
                XCTAssertEqual(statistics["totalUploadedSize"] as? Int, 650)
                XCTAssertEqual(statistics["lastBackupSize"] as? Int, 1200)
                XCTAssertEqual(statistics["totalStorageUsed"] as? Int, 900)
                XCTAssertEqual(statistics["availableVersions"] as? Int, 8)
            }
            try await Self.assertError(client, "/api/servers/nobody", .notFound, "NotFoundError")
            try await Self.assertError(client, "/api/servers/alpha?includeChartData=yes", .badRequest, "ValidationError")
        }
    }

    func testStatisticsRoundToTwoDecimals() {
        func run(_ status: ParsedRun.Status, _ duration: Double) -> RunSummary {
            RunSummary(
                beginTime: 0,
                endTime: 0,
                durationSeconds: duration,
                fileCount: 0,
                fileSize: 0,
                uploadedSize: 1,
                storageSize: 0,
                versions: 0,
                warnings: 0,
                errors: 0,
                messages: 0,
                status: status
            )
        }
        let figures = ServerStatistics(runs: [run(.success, 10), run(.success, 10), run(.fatal, 11)], jobs: [])
        XCTAssertEqual(figures.runs.successPercent, 66.67)
        XCTAssertEqual(figures.averageDurationSeconds, 10.33)
        XCTAssertEqual(figures.runs.failed, 1)
        XCTAssertEqual(ServerStatistics(runs: [], jobs: []).runs.successPercent, 0)
    }
}
