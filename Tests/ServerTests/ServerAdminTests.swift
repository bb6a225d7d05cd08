import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §3: updating, deleting and listing duplicate servers, through the real `buildApplication`.
final class ServerAdminTests: XCTestCase {
    /// A fresh data directory, removed when the test ends.
    func makeDirectory() -> String { TestDataDirectory.make("admin", for: self) }

    /// Whole seconds now, so every derived time is exact; the server's clock stands here too.
    static let now = Int64(Date().timeIntervalSince1970) * 1000
    static let hour: Int64 = 3_600_000

    /// alpha (`srv-a`): Files −25h and −1h Success, Databases −72h Error (overdue); "beta box" (`srv-b`): Home −2h Success.
    static let fleet: [(run: ParsedRun, receivedAt: Int64?)] = [
        (AdminFleet.run("srv-a", "alpha", "Files", begin: now - 25 * hour), nil),
        (AdminFleet.run("srv-a", "alpha", "Files", begin: now - hour), nil),
        (AdminFleet.run("srv-a", "alpha", "Databases", begin: now - 72 * hour, status: .error, messages: ["denied"]), nil),
        (AdminFleet.run("srv-b", "beta box", "Home", begin: now - 2 * hour), nil),
    ]

    func testUpdateSetsFieldsByIdOrNameAndAnswersTheServer() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(AdminFleet.config(directory, now: Self.now))
        try await app.test(.live) { client in
            let first = try await client.request(
                .patch,
                "/api/servers/srv-a",
                as: API.ServerStatus.self,
                json: #"{"alias":" Main NAS ","notes":"rack 3","serverUrl":"https://alpha.local:8200","color":"red"}"#
            )
            XCTAssertEqual(first.status, .ok)
            XCTAssertEqual(first.envelope.status, "success")
            XCTAssertEqual(first.envelope.message, "Server updated successfully")
            let updated = try first.data()
            XCTAssertEqual(
                first.dataKeys,
                ["id", "name", "alias", "note", "serverUrl", "lastSeen", "backupCount", "runCount", "overallStatus", "hasPassword"]
            )
            XCTAssertEqual([updated.id, updated.name, updated.alias, updated.note], ["srv-a", "alpha", "Main NAS", "rack 3"])
            XCTAssertEqual(updated.serverUrl, "https://alpha.local:8200")
            XCTAssertEqual(updated.lastSeen, ReportTimestamp.isoString(epochMilliseconds: Self.now - Self.hour + 60_000))
            XCTAssertEqual([updated.backupCount, updated.runCount], [2, 3])
            XCTAssertEqual(updated.overallStatus, "error")
            XCTAssertFalse(updated.hasPassword)

            // By name, over PUT: `note` wins over `notes`, an empty alias clears, the URL stays.
            let second = try await client.request(
                .put,
                "/api/servers/alpha",
                as: API.ServerStatus.self,
                json: #"{"note":"primary","notes":"ignored","alias":""}"#
            )
            XCTAssertEqual(second.status, .ok)
            let data = try second.data()
            XCTAssertEqual([data.alias, data.note, data.serverUrl], ["", "primary", "https://alpha.local:8200"])

            let cleared = try await client.request(.patch, "/api/v1/servers/srv-a", as: API.ServerStatus.self, json: #"{"serverUrl":"  "}"#)
            XCTAssertEqual([try cleared.data().serverUrl, try cleared.data().note], ["", "primary"])

            // A URL-encoded name; the other server is untouched and healthy.
            let beta = try await client.request(.patch, "/api/servers/beta%20box", as: API.ServerStatus.self, json: "{}")
            XCTAssertEqual(beta.status, .ok, beta.envelope.message ?? "")
            let betaData = try beta.data()
            XCTAssertEqual([betaData.id, betaData.alias, betaData.overallStatus], ["srv-b", "", "success"])
            XCTAssertEqual([betaData.backupCount, betaData.runCount], [1, 1])
        }
        let stored = try await AdminFleet.inspect(directory) { try $0.record(ServerRecord.self, key: "srv-a") }
        XCTAssertEqual(stored?.alias, "")
        XCTAssertEqual(stored?.note, "primary")
        XCTAssertEqual(stored?.serverUrl, "")
    }

    func testUpdateRejectsBadBodiesAndUnknownServers() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(AdminFleet.config(directory, now: Self.now))
        try await app.test(.router) { client in
            let path = "/api/servers/srv-a"
            var result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":5}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'alias' must be a string")
            result = try await AdminFleet.send(client, .put, path, json: #"{"note":true}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'note' must be a string")
            for url in ["ftp://files.local", "alpha.local:8200", "http://", "not a url", "http://admin:pw@alpha.local:8200"] {
                result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"x","serverUrl":"\#(url)"}"#)
                AdminFleet.assertError(result, .badRequest, "ValidationError", "'serverUrl' must be an http:// or https:// URL")
            }
            // The page's form limits, also for other clients: pages and /metrics repeat them.
            let long = String(repeating: "a", count: 201)
            result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"\#(long)"}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'alias' must be at most 200 characters")
            result = try await AdminFleet.send(client, .patch, path, json: #"{"note":"\#(String(repeating: long, count: 10))"}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'note' must be at most 2000 characters")
            result = try await AdminFleet.send(client, .patch, path, json: "[1,2]")
            AdminFleet.assertError(result, .badRequest, "ValidationError", "must be an object")
            result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Malformed JSON")
            result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"x"}"#, contentType: nil)
            AdminFleet.assertError(result, .unsupportedMediaType, "UnsupportedMediaTypeError", "Content-Type is missing")
            result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"x"}"#, contentType: "text/plain")
            AdminFleet.assertError(result, .unsupportedMediaType, "UnsupportedMediaTypeError", "text/plain")
            result = try await AdminFleet.send(client, .patch, "/api/servers/nope", json: #"{"alias":"x"}"#)
            AdminFleet.assertError(result, .notFound, "NotFoundError", "Server 'nope' not found")
            result = try await AdminFleet.send(client, .delete, "/api/servers/nope")
            AdminFleet.assertError(result, .notFound, "NotFoundError", "Server 'nope' not found")

            // Nothing rejected was stored.
            let unchanged = try await client.request(.patch, path, as: API.ServerStatus.self, json: "{}").data()
            XCTAssertEqual([unchanged.alias, unchanged.note, unchanged.serverUrl], ["", "", ""])
        }
    }
}
