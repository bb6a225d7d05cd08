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

    /// Whole seconds now, so every derived time is exact.
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
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let first = try await AdminFleet.send(
                client,
                .patch,
                "/api/servers/srv-a",
                json: #"{"alias":" Main NAS ","notes":"rack 3","serverUrl":"https://alpha.local:8200","color":"red"}"#
            )
            XCTAssertEqual(first.status, .ok)
            XCTAssertEqual(first.json["status"] as? String, "success")
            XCTAssertEqual(first.json["message"] as? String, "Server updated successfully")
            let expected: [String: Any] = [
                "id": "srv-a", "name": "alpha", "alias": "Main NAS", "note": "rack 3",
                "serverUrl": "https://alpha.local:8200",
                "lastSeen": ReportTimestamp.isoString(epochMilliseconds: Self.now - Self.hour + 60_000),
                "backupCount": 2, "runCount": 3, "overallStatus": "error", "hasPassword": false,
            ]
            XCTAssertEqual(first.json["data"] as? NSDictionary, expected as NSDictionary)

            // By name, over PUT: `note` wins over `notes`, an empty alias clears, the URL stays.
            let second = try await AdminFleet.send(
                client,
                .put,
                "/api/servers/alpha",
                json: #"{"note":"primary","notes":"ignored","alias":""}"#
            )
            XCTAssertEqual(second.status, .ok)
            let data = try XCTUnwrap(second.json["data"] as? [String: Any])
            XCTAssertEqual(data["alias"] as? String, "")
            XCTAssertEqual(data["note"] as? String, "primary")
            XCTAssertEqual(data["serverUrl"] as? String, "https://alpha.local:8200")

            let cleared = try await AdminFleet.send(client, .patch, "/api/v1/servers/srv-a", json: #"{"serverUrl":"  "}"#)
            let clearedData = try XCTUnwrap(cleared.json["data"] as? [String: Any])
            XCTAssertEqual(clearedData["serverUrl"] as? String, "")
            XCTAssertEqual(clearedData["note"] as? String, "primary")

            // A URL-encoded name; the other server is untouched and healthy.
            let beta = try await AdminFleet.send(client, .patch, "/api/servers/beta%20box", json: "{}")
            XCTAssertEqual(beta.status, .ok, "\(beta.json)")
            let betaData = try XCTUnwrap(beta.json["data"] as? [String: Any])
            XCTAssertEqual(betaData["id"] as? String, "srv-b")
            XCTAssertEqual(betaData["alias"] as? String, "")
            XCTAssertEqual(betaData["overallStatus"] as? String, "success")
            XCTAssertEqual(betaData["backupCount"] as? Int, 1)
            XCTAssertEqual(betaData["runCount"] as? Int, 1)
        }
        let stored = try await AdminFleet.inspect(directory) { try $0.record(ServerRecord.self, key: "srv-a") }
        XCTAssertEqual(stored?.alias, "")
        XCTAssertEqual(stored?.note, "primary")
        XCTAssertEqual(stored?.serverUrl, "")
    }

    func testUpdateRejectsBadBodiesAndUnknownServers() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let path = "/api/servers/srv-a"
            var result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":5}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'alias' must be a string")
            result = try await AdminFleet.send(client, .put, path, json: #"{"note":true}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'note' must be a string")
            for url in ["ftp://files.local", "alpha.local:8200", "http://", "not a url"] {
                result = try await AdminFleet.send(client, .patch, path, json: #"{"alias":"x","serverUrl":"\#(url)"}"#)
                AdminFleet.assertError(result, .badRequest, "ValidationError", "'serverUrl' must be an http:// or https:// URL")
            }
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
            let unchanged = try await AdminFleet.send(client, .patch, path, json: "{}")
            let data = try XCTUnwrap(unchanged.json["data"] as? [String: Any])
            XCTAssertEqual(data["alias"] as? String, "")
            XCTAssertEqual(data["note"] as? String, "")
            XCTAssertEqual(data["serverUrl"] as? String, "")
        }
    }
}
