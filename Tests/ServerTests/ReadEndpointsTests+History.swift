import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `GET /api/servers/:serverId/backups`: paging, filters and their validation.
extension ReadEndpointsTests {
    /// The page at `uri`: total, page, pageSize and the ids of its items.
    static func page(_ client: some TestClientProtocol, _ uri: String) async throws -> (Int, Int, Int, [String]) {
        let result = try await client.get(uri, as: API.RunHistoryPage.self)
        XCTAssertEqual(result.status, .ok, uri)
        let page = try result.data()
        return (page.total, page.page, page.pageSize, page.items.map(\.id))
    }

    func testHistoryIsNewestFirstAndPaged() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let all = [fleet.files3.id, fleet.files2.id, fleet.files1.id, fleet.databases.id]
            let (total, page, size, ids) = try await Self.page(client, "/api/servers/srv-a/backups")
            XCTAssertEqual(total, 4)
            XCTAssertEqual(page, 1)
            XCTAssertEqual(size, 50)
            XCTAssertEqual(ids, all)
            let second = try await Self.page(client, "/api/servers/alpha/backups?page=2&pageSize=3")
            XCTAssertEqual(second.0, 4)
            XCTAssertEqual(second.1, 2)
            XCTAssertEqual(second.2, 3)
            XCTAssertEqual(second.3, [fleet.databases.id])
            let beyond = try await Self.page(client, "/api/v1/servers/alpha/backups?page=9&pageSize=500")
            XCTAssertEqual(beyond.0, 4)
            XCTAssertEqual(beyond.3, [])
            let huge = try await Self.page(client, "/api/servers/alpha/backups?page=\(Int.max)&pageSize=500")
            XCTAssertEqual(huge.0, 4)
            XCTAssertEqual(huge.3, [])
            let first = try await client.get("/api/servers/alpha/backups?pageSize=1", as: API.RunHistoryPage.self).data().items.first
            Self.assertFiles3(try XCTUnwrap(first), fleet)
        }
    }

    func testHistoryFiltersByJobStatusAndTime() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let base = "/api/servers/srv-a/backups"
            let files = try await Self.page(client, "\(base)?backupName=Files")
            XCTAssertEqual(files.0, 3)
            XCTAssertEqual(files.3, [fleet.files3.id, fleet.files2.id, fleet.files1.id])
            let warnings = try await Self.page(client, "\(base)?status=warning")
            XCTAssertEqual(warnings.3, [fleet.files2.id])
            let errors = try await Self.page(client, "\(base)?status=ERROR&pageSize=1")
            XCTAssertEqual(errors.0, 1)
            XCTAssertEqual(errors.3, [fleet.databases.id])
            let successes = try await Self.page(client, "\(base)?backupName=Files&status=Success&page=2&pageSize=1")
            XCTAssertEqual(successes.0, 2)
            XCTAssertEqual(successes.3, [fleet.files1.id])
            // Both bounds are inclusive and compare with beginTime; an offset form is accepted.
            let from = ReadFleet.iso(fleet.files1.begin)
            let to = ReadFleet.iso(fleet.files2.begin)
            let window = try await Self.page(client, "\(base)?from=\(from)&to=\(to)")
            XCTAssertEqual(window.3, [fleet.files2.id, fleet.files1.id])
            let later = fleet.files2.begin + 1000
            let shifted = ReportTimestamp.isoString(epochMilliseconds: later + 2 * ReadFleet.hour).dropLast(5) + "%2B02:00"
            let recent = try await Self.page(client, "\(base)?from=\(shifted)")
            XCTAssertEqual(recent.3, [fleet.files3.id])
            // A date alone as `to` keeps that whole day, as `endDate` does for charts.
            let day = ReadFleet.iso(fleet.files2.begin).prefix(10)
            XCTAssertNotEqual(ReadFleet.iso(fleet.files2.begin).dropFirst(10), "T00:00:00.000Z", "a run after midnight")
            let throughDay = try await Self.page(client, "\(base)?backupName=Files&to=\(day)")
            XCTAssertTrue(throughDay.3.contains(fleet.files2.id), "\(throughDay.3)")
            let none = try await Self.page(client, "\(base)?backupName=Nope")
            XCTAssertEqual(none.0, 0)
            XCTAssertEqual(none.3, [])
        }
    }

    func testHistoryRejectsBadParameters() async throws {
        try await withFleet { client in
            let base = "/api/servers/alpha/backups"
            for query in [
                "page=0", "page=-1", "page=abc", "page=1.5", "pageSize=0", "pageSize=501", "pageSize=x",
                "status=broken", "status=failed", "from=yesterday", "to=2025-13-01T00:00:00Z", "from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z",
            ] {
                let name = String(query.prefix { $0 != "=" })
                try await client.get("\(base)?\(query)", as: Ignored.self).assertError(.badRequest, "ValidationError", "'\(name)'")
            }
            try await client.get("/api/servers/nobody/backups", as: Ignored.self).assertError(.notFound, "NotFoundError")
        }
    }
}
