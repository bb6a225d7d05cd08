import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/servers/:serverId?includeChartData=true` carries the server's chart series.
final class ServerChartDataTests: XCTestCase {
    func testServerDetailIncludesItsChartSeriesWhenAsked() async throws {
        let directory = TestDataDirectory.make("chart", for: self)
        let app = try await buildApplication(
            TestDataDirectory.config(directory)
        )
        // 2024-03-01 and 2024-03-20, both in March: one month bucket holding both runs.
        let march1: Int64 = 1_709_251_200_000
        let runs = [
            GenericRun(serverName: "nas", serverId: "nas-1", backup: "Files", status: "success", begin: march1, duration: 60, uploaded: 100),
            GenericRun(
                serverName: "nas",
                serverId: "nas-1",
                backup: "Files",
                status: "warning",
                begin: march1 + 19 * 86_400_000,
                duration: 120,
                uploaded: 50,
                versions: 4
            ),
        ]
        try await app.test(.router) { client in
            for run in runs {
                try await client.execute(
                    uri: "/api/upload",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: run.body
                ) { XCTAssertEqual($0.status, .created) }
            }
            let uri = "/api/servers/nas?includeChartData=true&bucket=month&startDate=2024-01-01&endDate=2024-12-31"
            let result = try await client.get(uri, as: API.ServerDetail.self)
            XCTAssertEqual(result.status, .ok)
            let chart = try XCTUnwrap(result.data().chartData)
            XCTAssertEqual(chart.count, 1)
            XCTAssertEqual(chart.first?.date, "2024-03-01")
            XCTAssertEqual(chart.first?.runs, 2)
            XCTAssertEqual(chart.first?.uploadedSize, 150)
            XCTAssertEqual(chart.first?.durationSeconds, 180)
            XCTAssertEqual(chart.first?.backupVersions, 4)
            let plain = try await client.get("/api/servers/nas", as: API.ServerDetail.self)
            XCTAssertNil(try plain.data().chartData)
            XCTAssertFalse(plain.dataKeys.contains("chartData"))
        }
    }
}
