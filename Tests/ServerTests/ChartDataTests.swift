import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §4 chart data: every field of every bucket against hand-computed values.
final class ChartDataTests: XCTestCase {
    /// A fresh data directory per test, removed afterwards.
    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("charts", for: self)
    }

    /// A quiet configuration on this test's directory.
    func config() -> AppConfiguration { TestDataDirectory.config(dataDirectory) }

    /// Two jobs on alpha (srv-a), one on beta (srv-b); 2024-03-18, 03-25 and 04-01 are Mondays.
    /// Figures: [seconds, uploaded, files, size, storage, versions].
    static let runs: [ParsedRun] = [
        ChartFixture.run("srv-a", "alpha", "Files", "2023-12-31T23:00:00Z", [10, 5, 9, 900, 450, 0]),  // a0
        ChartFixture.run("srv-a", "alpha", "Files", "2024-03-20T01:00:00Z", [600, 100, 10, 1000, 500, 1]),  // a1
        ChartFixture.run("srv-a", "alpha", "Files", "2024-03-20T13:00:00Z", [900, 200, 11, 1100, 550, 2]),  // a2
        ChartFixture.run("srv-a", "alpha", "Files", "2024-03-22T08:00:00Z", [300, 50, 12, 1200, 600, 3]),  // a3
        ChartFixture.run("srv-a", "alpha", "Files", "2024-03-25T00:00:00Z", [1200, 400, 13, 1300, 650, 4]),  // a4
        ChartFixture.run("srv-a", "alpha", "Files", "2024-04-02T10:00:00Z", [60, 7, 14, 1400, 700, 5]),  // a5
        ChartFixture.run("srv-a", "alpha", "DB Dumps", "2024-03-20T05:00:00Z", [120, 30, 3, 300, 150, 1]),  // d1
        ChartFixture.run("srv-a", "alpha", "DB Dumps", "2024-03-24T23:59:59Z", [240, 60, 4, 400, 160, 2]),  // d2
        ChartFixture.run("srv-a", "alpha", "DB Dumps", "2024-03-31T23:00:00Z", [90, 9, 5, 500, 170, 3]),  // d3
        ChartFixture.run("srv-b", "beta", "Files", "2024-02-29T12:00:00Z", [30, 3, 99, 9900, 4950, 6]),  // b3
        ChartFixture.run("srv-b", "beta", "Files", "2024-03-20T20:00:00Z", [1000, 1000, 100, 10000, 5000, 7]),  // b1
        ChartFixture.run("srv-b", "beta", "Files", "2024-04-01T00:00:00Z", [2000, 2000, 101, 10100, 5050, 8]),  // b2
    ]

    /// The range of most tests: all of 2024 up to the end of April 30 (a date-only end is inclusive).
    static let range = "startDate=2024-01-01T00:00:00Z&endDate=2024-04-30"

    func testAggregatedByDaySumsJobsAndKeepsEachJobsLastStateOverTheNetwork() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.live) { client in
            let (status, json) = try await ChartFixture.get(client, "/api/chart-data/aggregated?\(Self.range)")
            XCTAssertEqual(status, .ok)
            ChartFixture.assertSeries(
                json,
                [
                    // date    last run                  uploaded seconds minutes files size storage versions runs
                    "2024-02-29 2024-02-29T12:00:00.000Z 3 30 0.5 99 9900 4950 6 1",
                    // Files a1+a2 (states a2: 11 1100 550 2) + DB d1 + beta b1.
                    "2024-03-20 2024-03-20T20:00:00.000Z 1330 2620 43.67 114 11400 5700 10 4",
                    "2024-03-22 2024-03-22T08:00:00.000Z 50 300 5 12 1200 600 3 1",
                    "2024-03-24 2024-03-24T23:59:59.000Z 60 240 4 4 400 160 2 1",
                    "2024-03-25 2024-03-25T00:00:00.000Z 400 1200 20 13 1300 650 4 1",
                    "2024-03-31 2024-03-31T23:00:00.000Z 9 90 1.5 5 500 170 3 1",
                    "2024-04-01 2024-04-01T00:00:00.000Z 2000 2000 33.33 101 10100 5050 8 1",
                    "2024-04-02 2024-04-02T10:00:00.000Z 7 60 1 14 1400 700 5 1",
                ],
                "aggregated day"
            )
        }
    }
}
