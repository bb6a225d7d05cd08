import HummingbirdTesting
import XCTest

@testable import Server

/// Weekly and monthly buckets of the fleet, and the bounds of the range.
extension ChartDataTests {
    func testAggregatedByISOWeekStartsOnMondayUTC() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let (status, json) = try await ChartFixture.get(client, "/api/v1/chart-data/aggregated?\(Self.range)&bucket=week")
            XCTAssertEqual(status, .ok)
            ChartFixture.assertSeries(
                json,
                [
                    "2024-02-26 2024-02-29T12:00:00.000Z 3 30 0.5 99 9900 4950 6 1",
                    // Files a1–a3 (states a3) + DB d1–d2 (Sunday 23:59:59 is still this week; states d2) + beta b1.
                    "2024-03-18 2024-03-24T23:59:59.000Z 1440 3160 52.67 116 11600 5760 12 6",
                    // Files a4 + DB d3.
                    "2024-03-25 2024-03-31T23:00:00.000Z 409 1290 21.5 18 1800 820 7 2",
                    // Files a5 + beta b2.
                    "2024-04-01 2024-04-02T10:00:00.000Z 2007 2060 34.33 115 11500 5750 13 2",
                ],
                "aggregated week"
            )
        }
    }

    func testAggregatedByMonthTakesEachJobsLastRunOfTheMonth() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let (status, json) = try await ChartFixture.get(client, "/api/chart-data/aggregated?\(Self.range)&bucket=month")
            XCTAssertEqual(status, .ok)
            ChartFixture.assertSeries(
                json,
                [
                    "2024-02-01 2024-02-29T12:00:00.000Z 3 30 0.5 99 9900 4950 6 1",
                    // Files a1–a4 (states a4: 13 1300 650 4) + DB d1–d3 (states d3: 5 500 170 3) + beta b1.
                    "2024-03-01 2024-03-31T23:00:00.000Z 1849 4450 74.17 118 11800 5820 14 8",
                    "2024-04-01 2024-04-02T10:00:00.000Z 2007 2060 34.33 115 11500 5750 13 2",
                ],
                "aggregated month"
            )
        }
    }

    func testRangeBoundsAreInclusiveAndAcceptOffsetsAndDateOnlyEnds() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            // a0 began at the very start instant; 10 s is 0.17 min.
            let december = "startDate=2023-12-31T23:00:00.000Z&endDate=2024-01-31T00:00:00Z&bucket=month"
            let (_, json) = try await ChartFixture.get(client, "/api/chart-data/aggregated?\(december)")
            ChartFixture.assertSeries(json, ["2023-12-01 2023-12-31T23:00:00.000Z 5 10 0.17 9 900 450 0 1"], "december")
            // 02:00+02:00 is midnight UTC on the 21st; "2024-03-24" ends at 23:59:59.999, so d2 is in.
            for start in ["2024-03-21T02:00:00%2B02:00", "2024-03-21T02:00:00+02:00", "2024-03-21"] {
                let (status, json) = try await ChartFixture.get(client, "/api/chart-data/aggregated?startDate=\(start)&endDate=2024-03-24")
                XCTAssertEqual(status, .ok, start)
                let rows = [
                    "2024-03-22 2024-03-22T08:00:00.000Z 50 300 5 12 1200 600 3 1",
                    "2024-03-24 2024-03-24T23:59:59.000Z 60 240 4 4 400 160 2 1",
                ]
                ChartFixture.assertSeries(json, rows, start)
            }
            // An instant end excludes what began after it: d2 at 23:59:59 falls out.
            let cut = "startDate=2024-03-24T00:00:00Z&endDate=2024-03-24T23:59:58.999Z"
            let (status, empty) = try await ChartFixture.get(client, "/api/chart-data/aggregated?\(cut)")
            XCTAssertEqual(status, .ok)
            ChartFixture.assertSeries(empty, [], "cut")
        }
    }
}
