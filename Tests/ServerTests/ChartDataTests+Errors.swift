import HummingbirdTesting
import XCTest

@testable import Server

/// 404s for unknown servers and jobs, 400s naming the bad parameter, encoded names, the default range.
extension ChartDataTests {
    func testUnknownServerOrJobAnswers404Envelope() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let paths = [
                "server/nope", "server/nope/backup/Files", "server/alpha/backup/Nope", "server/beta/backup/DB%20Dumps",
                "server/srv-a/backup/db%20dumps",
            ]
            for path in paths {
                let (_, result) = try await ChartFixture.get(client, "/api/chart-data/\(path)?\(Self.range)")
                result.assertError(.notFound, "NotFoundError")
            }
        }
    }

    func testBadQueryParametersAnswer400NamingTheParameter() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let cases: [(query: String, parameter: String)] = [
                ("startDate=yesterday", "startDate"), ("endDate=2024-13-01", "endDate"),
                ("startDate=2024-02-30T00:00:00Z", "startDate"), ("bucket=year", "bucket"),
                ("startDate=2024-04-01T00:00:00Z&endDate=2024-03-01T00:00:00Z", "startDate"),
                ("startDate=2999-01-01T00:00:00Z", "startDate"),
            ]
            for route in ["aggregated", "server/alpha", "server/alpha/backup/Files"] {
                for (query, parameter) in cases {
                    let (_, result) = try await ChartFixture.get(client, "/api/chart-data/\(route)?\(query)")
                    result.assertError(.badRequest, "ValidationError", "'\(parameter)'")
                    XCTAssertEqual(result.envelope.details?["parameter"], .text(parameter), "\(route)?\(query)")
                }
            }
            // Bucket names are case-insensitive, and an empty value counts as absent (day).
            let (status, months) = try await ChartFixture.get(client, "/api/chart-data/aggregated?\(Self.range)&bucket=MONTH")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(try months.data().map(\.date), ["2024-02-01", "2024-03-01", "2024-04-01"])
            let (_, days) = try await ChartFixture.get(client, "/api/chart-data/server/beta?\(Self.range)&bucket=")
            XCTAssertEqual(try days.data().map(\.date), ["2024-02-29", "2024-03-20", "2024-04-01"])
        }
    }

    func testEncodedServerAndJobNamesAreDecoded() async throws {
        let run = ChartFixture.run("nas-1", "My NAS", "Docs/2024 100%", "2024-05-06T07:08:09.123Z", [45, 12, 3, 30, 20, 2])
        try await ChartFixture.seed(dataDirectory, [run])
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for path in ["My%20NAS/backup/Docs%2F2024%20100%25", "nas-1/backup/Docs%2f2024%20100%25"] {
                let (status, json) = try await ChartFixture.get(client, "/api/chart-data/server/\(path)?startDate=2024-05-01")
                XCTAssertEqual(status, .ok, path)
                ChartFixture.assertSeries(json, ["2024-05-06 2024-05-06T07:08:09.123Z 12 45 0.75 3 30 20 2 1"], path)
            }
            // A malformed escape leaves the name as sent, which names no job.
            for path in ["My%20NAS/backup/Docs%2F2024", "My%20NAS/backup/Docs%2F2024%20100%", "My%20NAS/backup/Docs%2F2024%20100%25x"] {
                let (_, result) = try await ChartFixture.get(client, "/api/chart-data/server/\(path)?startDate=2024-05-01")
                result.assertError(.notFound, "NotFoundError")
            }
        }
    }

    func testDefaultRangeIsTheLast365DaysEndingNow() async throws {
        let now = ChartFixture.ms("2025-06-15T12:00:00Z")
        let day = ChartBucket.dayMilliseconds
        let iso = { @Sendable (ms: Int64) in ReportTimestamp.isoString(epochMilliseconds: ms) }
        let ages: [(days: Int64, uploaded: Int64)] = [(1, 1), (364, 10), (366, 100), (700, 1000)]
        try await ChartFixture.seed(
            dataDirectory,
            ages.map { ChartFixture.run("srv-c", "gamma", "Files", iso(now - $0.days * day), [60, $0.uploaded, 1, 1, 1, 1]) }
        )
        var config = config()
        config.clock = TestClock(now)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let uploaded = { @Sendable (query: String) async throws -> [Int64] in
                let (status, series) = try await ChartFixture.get(client, "/api/chart-data/server/gamma?\(query)")
                XCTAssertEqual(status, .ok, query)
                return try series.data().map(\.uploadedSize)
            }
            let defaultRange = try await uploaded("")
            XCTAssertEqual(defaultRange, [10, 1])
            // Only an end: the 365 days before it.
            let endOnly = try await uploaded("endDate=\(iso(now - 300 * day))")
            XCTAssertEqual(endOnly, [100, 10])
            // Only a start: up to now.
            let startOnly = try await uploaded("startDate=\(iso(now - 367 * day))")
            XCTAssertEqual(startOnly, [100, 10, 1])
        }
    }
}
