import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

extension ServerAdminTests {
    func testDeleteRemovesTheServerItsRunsAndTheirLogs() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let deleted = try await client.request(.delete, "/api/servers/alpha", as: API.DeletedServer.self)
            XCTAssertEqual(deleted.status, .ok)
            XCTAssertEqual(deleted.envelope.status, "success")
            XCTAssertEqual(deleted.envelope.message, "Server deleted successfully")
            XCTAssertEqual(try deleted.data(), API.DeletedServer(deletedServers: 1, deletedRuns: 3))
            let again = try await AdminFleet.send(client, .delete, "/api/v1/servers/srv-a")
            AdminFleet.assertError(again, .notFound, "NotFoundError", "srv-a")
            let other = try await client.request(.patch, "/api/servers/srv-b", as: API.ServerStatus.self, json: "{}")
            XCTAssertEqual(try other.data().runCount, 1)
        }
        let counts = try await AdminFleet.inspect(directory) { store in
            store.read { view in
                (
                    view.count(ServerRecord.self), view.count(ParsedRun.self), view.count(RunLogRecord.self),
                    view.all(ServerRecord.self).map(\.key)
                )
            }
        }
        XCTAssertEqual(counts.0, 1)
        XCTAssertEqual(counts.1, 1)
        XCTAssertEqual(counts.2, 1)
        XCTAssertEqual(counts.3, ["srv-b"])
    }

    func testDeletingThousandsOfRunsIsOneAtomicBatch() async throws {
        let directory = makeDirectory()
        let base = AdminFleet.ms("2024-01-01T00:00:00Z")
        var runs = (0..<600).map { (run: AdminFleet.run("big", "big", "Files", begin: base + Int64($0) * Self.hour), receivedAt: Int64?.none) }
        runs.append((AdminFleet.run("keep", "keep", "Files", begin: base), nil))
        try await AdminFleet.seed(directory, runs)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let deleted = try await client.request(.delete, "/api/servers/big", as: API.DeletedServer.self)
            XCTAssertEqual(try deleted.data(), API.DeletedServer(deletedServers: 1, deletedRuns: 600))
        }
        let counts = try await AdminFleet.inspect(directory) { store in
            store.read { ($0.count(ServerRecord.self), $0.count(ParsedRun.self), $0.count(RunLogRecord.self)) }
        }
        XCTAssertEqual(counts.0, 1)
        XCTAssertEqual(counts.1, 1)
        XCTAssertEqual(counts.2, 1)
        // The 1,203 deletes (runs, logs, the server's two records and its job's settings) are one
        // batch in the log: positions 0…1202, the first saying 1,202 follow.
        let log = try String(
            contentsOfFile: directory + "/"
                + (try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("log-") }.max() ?? ""),
            encoding: .utf8
        )
        let deletes = log.split(separator: "\n").filter { $0.contains(#""op":"del""#) }
        XCTAssertEqual(deletes.count, 1_203)
        XCTAssertTrue(deletes.first?.contains(#""more":1202"#) ?? false, String(deletes.first ?? ""))
        XCTAssertTrue(deletes.last?.contains(#""at":1202"#) ?? false, String(deletes.last ?? ""))
    }
}
