import FlatStore
import Foundation
import HTTPTypes
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

        var config = config()
        let clock = TestClock(AdminFleet.ms("2025-11-16T02:00:00.441Z"))
        config.clock = clock
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            clock.advance(by: 90_500)
            let result = try await client.get("/api/health", as: API.Health.self)
            XCTAssertEqual(result.status, .ok)
            XCTAssertEqual(result.headers[.cacheControl], "no-store")
            XCTAssertEqual(result.headers[.contentType], "application/json; charset=utf-8")
            XCTAssertEqual(result.envelope.status, "success")
            let health = try result.data()
            XCTAssertEqual(health.health, "healthy")
            XCTAssertEqual(health.version, AppVersion.current)
            XCTAssertEqual(health.uptimeSeconds, 90)
            XCTAssertEqual(health.timestamp, "2025-11-16T02:01:30.941Z")
            XCTAssertEqual(health.store.status, "ok")
            XCTAssertEqual([health.store.servers, health.store.runs], [2, 3])
            XCTAssertEqual(health.store.records, ["servers": 2, "runs": 3])
            XCTAssertTrue(health.store.writable)
            XCTAssertEqual(health.store.quarantinedSpans, 0)
            XCTAssertGreaterThan(try XCTUnwrap(health.store.dataDirFreeBytes), 0)
            XCTAssertGreaterThan(health.store.logBytes + health.store.snapshotBytes, 0)
            // Never-happened maintenance is written as null, not left out.
            struct StoreKeys: Decodable { var store: API.Keys }
            let keys = try await client.get("/api/health", as: StoreKeys.self).data().store.names
            XCTAssertTrue(keys.isSuperset(of: ["lastSnapshot", "lastCompaction"]), "\(keys)")
            XCTAssertEqual(health.services["web"], "running")
            XCTAssertEqual(Set(health.services.keys), ["web", "scheduler", "notifications"])
        }
    }

    func testVersionedPrefixServesTheSameHandlersLive() async throws {
        let app = try await buildApplication(config())
        try await app.test(.live) { client in
            for path in ["/api/v1/health", "/api/health"] {
                let result = try await client.get(path, as: API.Health.self)
                XCTAssertEqual(result.status, .ok, path)
                XCTAssertEqual(try result.data().health, "healthy", path)
            }
        }
    }

    func testUnknownAPIPathAnswers404Envelope() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for path in ["/api/nope", "/api/v1/health/extra", "/api/v2/health"] {
                let result = try await client.get(path, as: Ignored.self)
                XCTAssertEqual(result.headers[.contentType], "application/json; charset=utf-8")
                result.assertError(.notFound, "NotFoundError", "No endpoint")
            }
        }
    }

    func testOnlyPathsOutsideTheAPIAndMetricsAreAnsweredWithThePage404() {
        for path in ["", "/", "/nope", "/servers/x/nothing", "/apix", "/metricsx/a", "/x/api"] {
            XCTAssertTrue(PageNotFoundMiddleware<AppRequestContext>.isPagePath(path), path)
        }
        for path in ["/api", "/api/nope", "//api//v1/x", "/metrics", "/metrics/", "metrics"] {
            XCTAssertFalse(PageNotFoundMiddleware<AppRequestContext>.isPagePath(path), path)
        }
    }

    func testWrongMethodAnswers405WithAllowHeader() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for (path, method) in [("/api/health", HTTPRequest.Method.post), ("/api/v1/health", .delete)] {
                let result = try await client.request(method, path, as: Ignored.self)
                result.assertError(.methodNotAllowed, "MethodNotAllowedError", "use GET, HEAD")
                XCTAssertEqual(result.headers[.allow], "GET, HEAD")
            }
            try await client.execute(uri: "/api/health", method: .head) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    func testAPageAskedWithAnotherMethodAnswersThe405Page() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            for (path, method, allowed) in [
                ("/", HTTPRequest.Method.post, "GET, HEAD"), ("/servers/a/runs/b", .delete, "GET, HEAD"), ("/login", .put, "GET, HEAD, POST"),
            ] {
                try await client.execute(uri: path, method: method) { response in
                    XCTAssertEqual(response.status, .methodNotAllowed, path)
                    XCTAssertEqual(response.headers[.allow], allowed, path)
                    XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8", path)
                    let text = String(buffer: response.body)
                    XCTAssertTrue(text.contains("Method not allowed") && text.contains("answers \(allowed), not \(method.rawValue)"), path)
                }
            }
            // A path no page has stays a 404, whatever the method.
            try await client.execute(uri: "/servers/a/nothing", method: .post) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertNil(response.headers[.allow])
                XCTAssertTrue(String(buffer: response.body).contains("Page not found"))
            }
        }
        XCTAssertEqual(PageRoute.allowedMethods(atRequestPath: "//servers//x/"), [.get, .head])
        XCTAssertEqual(PageRoute.allowedMethods(atRequestPath: "/servers/x/runs"), [])
    }

    func testEveryAnswerForbidsSniffingAndKeepsItsAddressOnTheSite() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let requests: [(String, HTTPRequest.Method)] = [
                ("/", .get), ("/api/summary", .get), ("/api/nope", .get), ("/nope", .get), ("/api/upload", .post),
                ("/api/health", .options), ("/metrics", .head), ("/", .delete),
            ]
            for (path, method) in requests {
                try await client.execute(uri: path, method: method) { response in
                    XCTAssertEqual(response.headers[values: .xContentTypeOptions], ["nosniff"], "\(method) \(path)")
                    XCTAssertEqual(response.headers[values: .referrerPolicy], ["same-origin"], "\(method) \(path)")
                }
            }
        }
    }

    func testEveryRouteInTheTableIsRegistered() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            // Deleting an e-mail configuration that does not exist is a 404 by contract (api.md §5).
            for route in APIRoute.allCases where !route.path.contains(":") && route != .configEmailDelete {
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
            // A compressed answer keys caches on both: the grant adds its Vary beside gzip's.
            let both: HTTPFields = [.origin: "https://ok.example", .acceptEncoding: "gzip"]
            try await client.execute(uri: "/api/health", method: .get, headers: both) {
                XCTAssertEqual($0.headers[.contentEncoding], "gzip")
                XCTAssertEqual($0.headers[.accessControlAllowOrigin], "https://ok.example")
                XCTAssertEqual(Set($0.headers[values: .vary]), ["Origin", "Accept-Encoding"])
            }
            try await client.execute(uri: "/api/health", method: .options, headers: [.origin: "https://evil.example"]) {
                XCTAssertEqual($0.status, .noContent)
                XCTAssertNil($0.headers[.accessControlAllowOrigin])
            }
            // Every answer varies by Origin, granted or not: a cache must not hand the one
            // without a grant to the listed origin.
            for origin in ["https://evil.example", nil] {
                let headers: HTTPFields = origin.map { [.origin: $0] } ?? [:]
                try await client.execute(uri: "/api/health", method: .get, headers: headers) {
                    XCTAssertNil($0.headers[.accessControlAllowOrigin])
                    XCTAssertTrue($0.headers[values: .vary].contains("Origin"), "\(origin ?? "no origin")")
                }
            }
        }
    }

    /// Without a password anyone may write, and CORS allows every origin; still, a page on another
    /// site that a person on the LAN opened may not change data, unless its origin is listed.
    /// Browsers say so with `Sec-Fetch-Site` (HTTPS, localhost) or only with `Origin` (plain HTTP).
    func testAnotherSitesPageMayNotWriteUnlessListed() async throws {
        let report = try Fixtures.realSample(RealReports.sampleName)
        for (origins, listed) in [(["*"], false), (["https://ok.example"], true)] {
            dataDirectory = TestDataDirectory.make("cross-site-\(listed)", for: self)
            let app = try await buildApplication(config(allowedOrigins: origins))
            try await app.test(.live) { client in
                let port = try XCTUnwrap(client.port)
                func upload(_ headers: HTTPFields, path: String = "/api/upload") async throws -> (HTTPResponse.Status, String) {
                    var headers = headers
                    headers[.contentType] = "application/json"
                    return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: report)) {
                        ($0.status, String(buffer: $0.body))
                    }
                }
                for (headers, name) in [
                    ([.origin: "https://ok.example", .secFetchSite: "cross-site"], "another site over HTTPS"),
                    ([.origin: "https://ok.example", .secFetchSite: "same-site"], "another port of this host"),
                    ([.origin: "https://ok.example"], "another site over plain HTTP (Origin alone)"),
                    ([.origin: "null"] as HTTPFields, "a sandboxed page"),
                ] as [(HTTPFields, String)] {
                    let (status, body) = try await upload(headers)
                    let expected: HTTPResponse.Status = listed && headers[.origin] == "https://ok.example" ? .created : .forbidden
                    XCTAssertTrue(status == expected || (status == .ok && expected == .created), "\(origins) \(name): \(status)")
                    if expected == .forbidden { XCTAssertTrue(body.contains("--allowed-origins"), body) }
                }
                // A path written with two slashes reaches the same route, and the same rule.
                let (doubled, _) = try await upload([.origin: "http://evil.example"], path: "//api/upload")
                XCTAssertEqual(doubled, .forbidden, "//api/upload")
                // Reads from anywhere, and the server's own pages' writes, go on.
                try await client.execute(uri: "/api/summary", method: .get, headers: [.origin: "http://evil.example"]) {
                    XCTAssertEqual($0.status, .ok)
                }
                // The test client names the server "localhost" (its Host), as a browser names the
                // address it was given.
                for own in [
                    [.origin: "http://127.0.0.1:\(port)", .secFetchSite: "same-origin"],
                    [.origin: "http://localhost"],
                    [.origin: "https://duplistatus.example", .xForwardedHost: "duplistatus.example"],
                ] as [HTTPFields] {
                    let (status, body) = try await upload(own)
                    XCTAssertTrue([.created, .ok].contains(status), "\(own): \(status) \(body)")
                }
            }
        }
    }
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
