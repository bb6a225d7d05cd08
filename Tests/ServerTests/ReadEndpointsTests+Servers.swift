import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// lastbackup(s), the server list, one server and its overdue detail.
extension ReadEndpointsTests {
    func testLastBackupIsTheNewestRunAcrossJobsByIdOrName() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet, .live) { client in
            for path in ["/api/lastbackup/srv-a", "/api/lastbackup/alpha", "/api/v1/lastbackup/alpha"] {
                let result = try await client.get(path, as: API.LastBackup.self)
                XCTAssertEqual(result.status, .ok, path)
                XCTAssertEqual(result.headers[.cacheControl], "no-store")
                let data = try result.data()
                XCTAssertEqual(data.server, API.ServerRef(id: "srv-a", name: "alpha", alias: "", note: ""))
                Self.assertFiles3(try XCTUnwrap(data.lastBackup), fleet)
            }
            let beta = try await client.get("/api/lastbackup/beta%20box", as: API.LastBackup.self).data()
            XCTAssertEqual(beta.lastBackup?.id, fleet.home.id)
            XCTAssertEqual(beta.lastBackup?.serverId, fleet.betaId)
            try await client.get("/api/lastbackup/nobody", as: Ignored.self).assertError(.notFound, "NotFoundError")
            try await client.get("/api/lastbackups/nobody", as: Ignored.self).assertError(.notFound, "NotFoundError")
        }
    }

    /// `files3` as a `BackupRun`, every figure of the generic report.
    static func assertFiles3(_ run: API.BackupRun, _ fleet: ReadFleet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.id, fleet.files3.id, file: file, line: line)
        XCTAssertEqual(run.serverId, "srv-a", file: file, line: line)
        XCTAssertEqual(run.serverName, "alpha", file: file, line: line)
        XCTAssertEqual(run.backupName, "Files", file: file, line: line)
        XCTAssertEqual(run.status, "Success", file: file, line: line)
        XCTAssertEqual(run.beginTime, ReadFleet.iso(fleet.files3.begin), file: file, line: line)
        XCTAssertEqual(run.endTime, ReadFleet.iso(fleet.files3.begin + 180_000), file: file, line: line)
        XCTAssertEqual(run.durationSeconds, 180, file: file, line: line)
        XCTAssertEqual(run.duration, "00:03:00", file: file, line: line)
        XCTAssertEqual(run.fileCount, 12, file: file, line: line)
        XCTAssertEqual(run.fileSize, 1200, file: file, line: line)
        XCTAssertEqual(run.uploadedSize, 300, file: file, line: line)
        XCTAssertEqual(run.storageSize, 600, file: file, line: line)
        XCTAssertEqual(run.versions, 3, file: file, line: line)
        XCTAssertEqual(run.messages, 2, file: file, line: line)
        XCTAssertEqual(run.warnings, 0, file: file, line: line)
        XCTAssertEqual(run.errors, 0, file: file, line: line)
        XCTAssertEqual(run.duplicatiVersion, "2.1.0.5", file: file, line: line)
    }

    func testLastBackupsHasTheNewestRunOfEachJob() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let result = try await client.get("/api/lastbackups/alpha", as: API.LastBackups.self)
            XCTAssertEqual(result.status, .ok)
            XCTAssertEqual(result.headers[.cacheControl], "no-store")
            let data = try result.data()
            XCTAssertEqual(data.server.id, "srv-a")
            XCTAssertEqual(data.backupJobsCount, 2)
            XCTAssertEqual(data.backupNames, ["Databases", "Files"])
            XCTAssertEqual(data.backups.map(\.id), [fleet.databases.id, fleet.files3.id])
            XCTAssertEqual(data.backups[0].status, "Error")
            XCTAssertEqual(data.backups[0].errors, 1)
            Self.assertFiles3(data.backups[1], fleet)
            XCTAssertEqual(data.lastUpdated, ReadFleet.iso(fleet.now))
        }
    }

    func testServerListCountsJobsAndRunsOverTheNetwork() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet, .live) { client in
            let result = try await client.get("/api/servers", as: [API.ServerStatus].self)
            XCTAssertEqual(result.status, .ok)
            let servers = try result.data()
            XCTAssertEqual(servers.map(\.id), ["srv-a", fleet.betaId, "srv-c"])
            XCTAssertEqual(servers.map(\.backupCount), [2, 1, 1])
            XCTAssertEqual(servers.map(\.runCount), [4, 1, 1])
            XCTAssertEqual(servers.map(\.overallStatus), ["error", "warning", "warning"])
            XCTAssertEqual(servers.map(\.hasPassword), [false, false, false])
            XCTAssertEqual(servers[0].serverUrl, "")
            // Each server was last seen when its runs were uploaded: now, by the test clock.
            XCTAssertEqual(servers[0].lastSeen, ReadFleet.iso(fleet.now))
            XCTAssertNil(servers[0].backups)

            let detailed = try await client.get("/api/servers?includeBackups=true", as: [API.ServerStatus].self).data()
            XCTAssertEqual(detailed.map { $0.backups?.map(\.name) }, [["Databases", "Files"], ["Home"], ["Docs"]])
            let bad = try await client.get("/api/servers?includeBackups=maybe", as: Ignored.self)
            bad.assertError(.badRequest, "ValidationError", "includeBackups")
        }
    }

    func testServerDetailHasJobsAndStatistics() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            for path in ["/api/servers/srv-a", "/api/servers/alpha", "/api/servers/alpha?includeChartData=false"] {
                let result = try await client.get(path, as: API.ServerDetail.self)
                XCTAssertEqual(result.status, .ok, path)
                let detail = try result.data()
                XCTAssertEqual(detail.server.id, "srv-a")
                XCTAssertEqual(detail.server.backupCount, 2)
                XCTAssertEqual(detail.server.overallStatus, "error")
                XCTAssertEqual(detail.server.backups?.map(\.runCount), [1, 3])
                XCTAssertFalse(result.dataKeys.contains("chartData"))
                // Four runs: 2 Success, 1 Error; durations 60+120+180+30; uploads 100+200+300+50;
                // newest run Files@now−1h (1200 bytes); latest storage 600+300 and versions 3+5.
                XCTAssertEqual(
                    detail.statistics,
                    API.Statistics(
                        totalBackupRuns: 4,
                        successfulBackups: 2,
                        failedBackups: 1,
                        successRate: 50,
                        averageDurationSeconds: 97.5,
                        totalUploadedSize: 650,
                        lastBackupSize: 1200,
                        totalStorageUsed: 900,
                        availableVersions: 8
                    )
                )
            }
            try await client.get("/api/servers/nobody", as: Ignored.self).assertError(.notFound, "NotFoundError", "nobody")
            // Escapes that are malformed or decode to something other than UTF-8 keep the name as sent.
            try await client.get("/api/servers/al%zzpha", as: Ignored.self).assertError(.notFound, "NotFoundError", "al%zzpha")
            try await client.get("/api/servers/%FF", as: Ignored.self).assertError(.notFound, "NotFoundError", "%FF")
            let encoded = try await client.get("/api/servers/%61lpha", as: API.ServerDetail.self).data()
            XCTAssertEqual(encoded.server.id, "srv-a")
            let bad = try await client.get("/api/servers/alpha?includeChartData=yes", as: Ignored.self)
            bad.assertError(.badRequest, "ValidationError", "includeChartData")
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
