import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

extension ServerAdminTests {
    func testDuplicatesListsServersSharingANameNewestFirst() async throws {
        let directory = makeDirectory()
        let run = { (id: String, name: String, day: Int, seen: Int64) in
            (run: AdminFleet.run(id, name, "Files", begin: Self.march(day)), receivedAt: Int64?.some(seen))
        }
        try await AdminFleet.seed(
            directory,
            [
                run("n1", "nas", 1, Self.march(1, 10)), run("n1", "nas", 2, Self.march(2, 10)),
                run("n2", "nas", 3, Self.march(5, 8)), run("n3", "nas", 1, Self.march(2, 10)),
                run("s1", "solo", 1, Self.march(1, 10)), run("w1", "web", 1, Self.march(1, 10)),
                run("w2", "web", 2, Self.march(3, 10)),
            ]
        )
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            _ = try await AdminFleet.send(client, .patch, "/api/servers/n2", json: #"{"alias":"new nas","note":"moved"}"#)
            for path in ["/api/servers/duplicates", "/api/v1/servers/duplicates"] {
                let result = try await client.get(path, as: [API.DuplicateGroup].self)
                XCTAssertEqual(result.status, .ok, path)
                XCTAssertEqual(result.envelope.status, "success")
                /// One member as `"id name alias note lastSeen runCount"`.
                func member(_ id: String, _ name: String, _ seen: Int64, _ runs: Int, alias: String = "", note: String = "") -> String {
                    [id, name, alias, note, ReportTimestamp.isoString(epochMilliseconds: seen), String(runs)].joined(separator: "|")
                }
                let groups = try result.data()
                XCTAssertEqual(groups.map(\.name), ["nas", "web"], path)
                let members = groups.map {
                    $0.servers.map { [$0.id, $0.name, $0.alias, $0.note, $0.lastSeen, String($0.runCount)].joined(separator: "|") }
                }
                XCTAssertEqual(
                    members,
                    [
                        [
                            member("n2", "nas", Self.march(5, 8), 1, alias: "new nas", note: "moved"),
                            member("n1", "nas", Self.march(2, 10), 2), member("n3", "nas", Self.march(2, 10), 1),
                        ],
                        [member("w2", "web", Self.march(3, 10), 1), member("w1", "web", Self.march(1, 10), 1)],
                    ],
                    path
                )
            }
        }
    }
}
