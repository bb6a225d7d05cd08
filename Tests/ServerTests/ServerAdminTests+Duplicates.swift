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

    /// A name two servers share picks neither: reads and changes by that name answer 400 listing
    /// the ids, and nothing is deleted or merged; by id each is reached as before.
    func testANameSharedByServersIsRefusedWithTheirIds() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(
            directory,
            [
                (run: AdminFleet.run("n1", "nas", "Files", begin: Self.march(1)), receivedAt: nil),
                (run: AdminFleet.run("n2", "nas", "Files", begin: Self.march(2)), receivedAt: nil),
                (run: AdminFleet.run("s1", "solo", "Files", begin: Self.march(1)), receivedAt: nil),
            ]
        )
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/servers/nas", nil),
                (.delete, "/api/servers/nas", nil),
                (.get, "/api/chart-data/server/nas", nil),
                (.post, "/api/servers/merge", #"{"targetId":"s1","sourceIds":["nas"]}"#),
                (.post, "/api/servers/merge", #"{"targetId":"nas","sourceIds":["s1"]}"#),
                (.post, "/api/backups/delete-job", #"{"serverId":"nas","backupName":"Files"}"#),
            ]
            for (method, uri, body) in requests {
                let answer = try await AdminFleet.send(client, method, uri, json: body)
                AdminFleet.assertError(answer, .badRequest, "ValidationError", "2 servers are named 'nas'; use one of their ids: n1, n2")
            }
            let servers = try await client.get("/api/servers", as: [API.ServerStatus].self).data()
            XCTAssertEqual(servers.map(\.id).sorted(), ["n1", "n2", "s1"], "nothing was deleted or merged")
            try await AdminFleet.send(client, .get, "/api/servers/solo").assertStatus(.ok)
            try await AdminFleet.send(client, .delete, "/api/servers/n2").assertStatus(.ok)
            try await AdminFleet.send(client, .get, "/api/servers/nas").assertStatus(.ok)
        }
    }
}
