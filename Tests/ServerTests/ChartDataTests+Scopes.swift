import HummingbirdTesting
import XCTest

@testable import Server

/// One server's and one job's series, reached by server id or name.
extension ChartDataTests {
    func testServerSeriesSumsOnlyThatServersJobsByIdOrName() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let alphaWeeks = [
                // Files a1–a3 (states a3) + DB d1–d2 (states d2).
                "2024-03-18 2024-03-24T23:59:59.000Z 440 2160 36 16 1600 760 5 5",
                "2024-03-25 2024-03-31T23:00:00.000Z 409 1290 21.5 18 1800 820 7 2",
                "2024-04-01 2024-04-02T10:00:00.000Z 7 60 1 14 1400 700 5 1",
            ]
            var bodies: [String] = []
            for server in ["srv-a", "alpha"] {
                let uri = "/api/chart-data/server/\(server)?\(Self.range)&bucket=week"
                let (status, series) = try await ChartFixture.get(client, uri)
                XCTAssertEqual(status, .ok, server)
                ChartFixture.assertSeries(series, alphaWeeks, "alpha week via \(server)")
                let response = try await client.execute(uri: uri, method: .get)
                bodies.append(String(decoding: response.body.readableBytesView, as: UTF8.self))
            }
            XCTAssertEqual(bodies.first, bodies.last)

            let (_, alphaMonths) = try await ChartFixture.get(client, "/api/chart-data/server/alpha?\(Self.range)&bucket=month")
            let alphaMonthRows = [
                "2024-03-01 2024-03-31T23:00:00.000Z 849 3450 57.5 18 1800 820 7 7",
                "2024-04-01 2024-04-02T10:00:00.000Z 7 60 1 14 1400 700 5 1",
            ]
            ChartFixture.assertSeries(alphaMonths, alphaMonthRows, "alpha month")

            let (_, betaDays) = try await ChartFixture.get(client, "/api/v1/chart-data/server/beta?\(Self.range)&bucket=day")
            let betaDayRows = [
                "2024-02-29 2024-02-29T12:00:00.000Z 3 30 0.5 99 9900 4950 6 1",
                "2024-03-20 2024-03-20T20:00:00.000Z 1000 1000 16.67 100 10000 5000 7 1",
                "2024-04-01 2024-04-01T00:00:00.000Z 2000 2000 33.33 101 10100 5050 8 1",
            ]
            ChartFixture.assertSeries(betaDays, betaDayRows, "beta day")
        }
    }

    func testJobSeriesKeepsTheJobsOwnFlowsAndLastState() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let (status, dbMonths) = try await ChartFixture.get(
                client,
                "/api/chart-data/server/alpha/backup/DB%20Dumps?\(Self.range)&bucket=month"
            )
            XCTAssertEqual(status, .ok)
            ChartFixture.assertSeries(dbMonths, ["2024-03-01 2024-03-31T23:00:00.000Z 99 450 7.5 5 500 170 3 3"], "DB month")
            let (_, dbDays) = try await ChartFixture.get(client, "/api/chart-data/server/srv-a/backup/DB%20Dumps?\(Self.range)")
            let dbDayRows = [
                "2024-03-20 2024-03-20T05:00:00.000Z 30 120 2 3 300 150 1 1",
                "2024-03-24 2024-03-24T23:59:59.000Z 60 240 4 4 400 160 2 1",
                "2024-03-31 2024-03-31T23:00:00.000Z 9 90 1.5 5 500 170 3 1",
            ]
            ChartFixture.assertSeries(dbDays, dbDayRows, "DB day")
            // "Files" exists on both servers; each job path sees only its own server's runs.
            let (_, filesWeeks) = try await ChartFixture.get(client, "/api/chart-data/server/alpha/backup/Files?\(Self.range)&bucket=week")
            let filesWeekRows = [
                "2024-03-18 2024-03-22T08:00:00.000Z 350 1800 30 12 1200 600 3 3",
                "2024-03-25 2024-03-25T00:00:00.000Z 400 1200 20 13 1300 650 4 1",
                "2024-04-01 2024-04-02T10:00:00.000Z 7 60 1 14 1400 700 5 1",
            ]
            ChartFixture.assertSeries(filesWeeks, filesWeekRows, "alpha Files week")
            let (_, betaFiles) = try await ChartFixture.get(client, "/api/chart-data/server/beta/backup/Files?\(Self.range)&bucket=month")
            let betaFileRows = [
                "2024-02-01 2024-02-29T12:00:00.000Z 3 30 0.5 99 9900 4950 6 1",
                "2024-03-01 2024-03-20T20:00:00.000Z 1000 1000 16.67 100 10000 5000 7 1",
                "2024-04-01 2024-04-01T00:00:00.000Z 2000 2000 33.33 101 10100 5050 8 1",
            ]
            ChartFixture.assertSeries(betaFiles, betaFileRows, "beta Files month")
        }
    }
}
