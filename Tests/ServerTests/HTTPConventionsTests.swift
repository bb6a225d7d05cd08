import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §1 conventions and §6 health, through the real `buildApplication`.
final class HTTPConventionsTests: XCTestCase {
    /// A fresh data directory per test, removed afterwards.
    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("http", for: self)
    }

    /// A quiet configuration on a free port and this test's directory.
    func config(maxBodyBytes: Int = AppConfiguration.defaultMaxBodyBytes, allowedOrigins: [String] = ["*"]) -> AppConfiguration {
        AppConfiguration(
            host: "127.0.0.1",
            port: 0,
            dataDirectory: dataDirectory,
            fsync: .none,
            maxBodyBytes: maxBodyBytes,
            allowedOrigins: allowedOrigins,
            gzipMinimumBytes: 64,
            logLevel: .error
        )
    }

    func testHealthReportsRealStoreFigures() async throws {
        let seeded = try FlatStore.open(StoreOptions(directory: dataDirectory))
        for id in ["a", "b"] { try await seeded.put(SeedServer(id: id)) }
        for id in ["r1", "r2", "r3"] { try await seeded.put(SeedRun(id: id)) }
        await seeded.close()

        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.cacheControl], "no-store")
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                let json = try JSONObject(response.body)
                XCTAssertEqual(json["status"] as? String, "success")
                let data = try XCTUnwrap(json["data"] as? [String: Any])
                XCTAssertEqual(data["health"] as? String, "healthy")
                XCTAssertEqual(data["version"] as? String, AppVersion.current)
                XCTAssertNotNil(data["uptimeSeconds"] as? Int)
                let timestamp = try XCTUnwrap(data["timestamp"] as? String)
                XCTAssertNotNil(timestamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), timestamp)
                let store = try XCTUnwrap(data["store"] as? [String: Any])
                XCTAssertEqual(store["status"] as? String, "ok")
                XCTAssertEqual(store["servers"] as? Int, 2)
                XCTAssertEqual(store["runs"] as? Int, 3)
                XCTAssertEqual(store["records"] as? [String: Int], ["servers": 2, "runs": 3])
                XCTAssertEqual(store["writable"] as? Bool, true)
                XCTAssertEqual(store["quarantinedSpans"] as? Int, 0)
                XCTAssertGreaterThan(try XCTUnwrap(store["dataDirFreeBytes"] as? Int), 0)
                XCTAssertGreaterThan((store["logBytes"] as? Int ?? 0) + (store["snapshotBytes"] as? Int ?? 0), 0)
                for key in ["lastSnapshot", "lastCompaction"] { XCTAssertTrue(store.keys.contains(key), key) }
                let services = try XCTUnwrap(data["services"] as? [String: String])
                XCTAssertEqual(services["web"], "running")
                XCTAssertEqual(Set(services.keys), ["web", "scheduler", "notifications"])
            }
        }
    }

    func testVersionedPrefixServesTheSameHandlersLive() async throws {
        let app = try await buildApplication(config())
        try await app.test(.live) { client in
            for path in ["/api/v1/health", "/api/health"] {
                try await client.execute(uri: path, method: .get) { response in
                    XCTAssertEqual(response.status, .ok, path)
                    XCTAssertEqual(try JSONObject(response.body)["status"] as? String, "success", path)
                }
            }
        }
    }

    func testUnknownAPIPathAnswers404Envelope() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for path in ["/api/nope", "/api/v1/health/extra", "/api/v2/health"] {
                try await client.execute(uri: path, method: .get) { response in
                    XCTAssertEqual(response.status, .notFound, path)
                    XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                    let json = try JSONObject(response.body)
                    XCTAssertEqual(json["status"] as? String, "error")
                    XCTAssertEqual(json["error"] as? String, "NotFoundError")
                    XCTAssertNotNil(json["message"] as? String)
                }
            }
        }
    }

    func testWrongMethodAnswers405WithAllowHeader() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for (path, method) in [("/api/health", HTTPRequest.Method.post), ("/api/v1/health", .delete)] {
                try await client.execute(uri: path, method: method) { response in
                    XCTAssertEqual(response.status, .methodNotAllowed)
                    XCTAssertEqual(response.headers[.allow], "GET, HEAD")
                    let json = try JSONObject(response.body)
                    XCTAssertEqual(json["error"] as? String, "MethodNotAllowedError")
                }
            }
            try await client.execute(uri: "/api/health", method: .head) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    func testEveryRouteInTheTableIsRegistered() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for route in APIRoute.allCases where !route.path.contains(":") {
                for prefix in APIRoute.prefixes {
                    let response = try await client.execute(uri: "/\(prefix)/\(route.path)", method: route.method)
                    XCTAssertNotEqual(response.status, .notFound, "\(route)")
                    XCTAssertNotEqual(response.status, .methodNotAllowed, "\(route)")
                }
            }
        }
        XCTAssertEqual(APIRoute.allowedMethods(atRequestPath: "/api/v1/health/"), [.get, .head])
        XCTAssertEqual(APIRoute.allowedMethods(atRequestPath: "/api/unknown"), [])
    }

    func testPreflightAnswers204WithCORSHeaders() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let headers: HTTPFields = [
                .origin: "https://dash.example", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "content-type, x-custom",
            ]
            try await client.execute(uri: "/api/health", method: .options, headers: headers) { response in
                XCTAssertEqual(response.status, .noContent)
                XCTAssertEqual(response.headers[.accessControlAllowOrigin], "*")
                XCTAssertTrue(response.headers[.accessControlAllowMethods]?.contains("POST") ?? false)
                XCTAssertEqual(response.headers[.accessControlAllowHeaders], "content-type, x-custom")
            }
            try await client.execute(uri: "/api/health", method: .get, headers: [.origin: "https://dash.example"]) {
                XCTAssertEqual($0.headers[.accessControlAllowOrigin], "*")
            }
        }
    }

    func testConfiguredOriginsAreEchoedAndOthersGetNoGrant() async throws {
        let app = try await buildApplication(config(allowedOrigins: ["https://ok.example"]))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get, headers: [.origin: "https://ok.example"]) {
                XCTAssertEqual($0.headers[.accessControlAllowOrigin], "https://ok.example")
                XCTAssertTrue($0.headers[values: .vary].contains("Origin"))
            }
            try await client.execute(uri: "/api/health", method: .options, headers: [.origin: "https://evil.example"]) {
                XCTAssertEqual($0.status, .noContent)
                XCTAssertNil($0.headers[.accessControlAllowOrigin])
            }
        }
    }
}

/// A JSON object from a response body.
func JSONObject(_ body: ByteBuffer) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    return try XCTUnwrap(value as? [String: Any], String(decoding: body.readableBytesView, as: UTF8.self))
}

/// A record in the `servers` collection, to give health real figures.
struct SeedServer: StoreRecord {
    static let collection = "servers"
    var id: String
    var storeKey: String { id }
    var indexFields: IndexFields { IndexFields() }
    static func summary(key: String, fields: IndexFields) -> String { key }
}

/// A record in the `runs` collection.
struct SeedRun: StoreRecord {
    static let collection = "runs"
    var id: String
    var storeKey: String { id }
    var indexFields: IndexFields { IndexFields() }
    static func summary(key: String, fields: IndexFields) -> String { key }
}
