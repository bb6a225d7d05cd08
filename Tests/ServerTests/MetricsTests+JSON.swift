import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

extension MetricsTests {
    func testJSONMetricsReportProcessStoreAndFleet() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            for (earlier, path) in ["/api/metrics", "/api/v1/metrics"].enumerated() {
                try await client.execute(uri: path, method: .get) { response in
                    XCTAssertEqual(response.status, .ok, path)
                    XCTAssertEqual(response.headers[.cacheControl], "no-store")
                    let json = try JSONObject(response.body)
                    XCTAssertEqual(json["status"] as? String, "success")
                    let data = try XCTUnwrap(json["data"] as? [String: Any])
                    XCTAssertEqual(Set(data.keys), ["system", "application", "store", "backups"])

                    // 3 jobs, 1 whose latest run succeeded; 2 runs began in the last 24 hours.
                    let backups = data["backups"] as? NSDictionary
                    let expectedBackups: [String: Any] = [
                        "totalServers": 3, "totalBackupRuns": 4, "successRate": 33.33, "overdue": 1, "last24Hours": 2,
                    ]
                    XCTAssertEqual(backups, expectedBackups as NSDictionary)

                    let store = try XCTUnwrap(data["store"] as? [String: Any])
                    XCTAssertEqual(
                        Set(store.keys),
                        ["runs", "servers", "logBytes", "snapshotBytes", "compactions", "lastCompactionMs", "recoveryMs"]
                    )
                    XCTAssertEqual(store["runs"] as? Int, 4)
                    XCTAssertEqual(store["servers"] as? Int, 3)
                    XCTAssertEqual(store["compactions"] as? Int, 0)
                    XCTAssertTrue(store["lastCompactionMs"] is NSNull)
                    XCTAssertGreaterThanOrEqual(try XCTUnwrap(store["recoveryMs"] as? Double), 0)
                    let bytes = (store["logBytes"] as? Int ?? 0) + (store["snapshotBytes"] as? Int ?? 0)
                    XCTAssertGreaterThan(bytes, 0)

                    let application = try XCTUnwrap(data["application"] as? [String: Any])
                    XCTAssertEqual(application["version"] as? String, AppVersion.current)
                    let start = try XCTUnwrap(application["startTime"] as? String)
                    XCTAssertNotNil(start.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression))
                    // A request is counted once answered: the earlier metrics requests of this test.
                    XCTAssertEqual(
                        application["requests"] as? [String: Int],
                        ["total": earlier, "errors": 0, "perMinute": earlier]
                    )

                    let system = try XCTUnwrap(data["system"] as? [String: Any])
                    let uptime = try XCTUnwrap(system["uptimeSeconds"] as? Int)
                    XCTAssertTrue((0..<300).contains(uptime), "\(uptime)")
                    let rss = try XCTUnwrap((system["memory"] as? [String: Any])?["rss"] as? Int)
                    XCTAssertGreaterThan(rss, 1 << 20)
                    let load = try XCTUnwrap(system["load"] as? [Double])
                    XCTAssertEqual(load.count, 3)
                    XCTAssertTrue(load.allSatisfy { $0 >= 0 })
                    let disk = try XCTUnwrap(system["disk"] as? [String: Int])
                    let free = try XCTUnwrap(disk["free"])
                    XCTAssertGreaterThan(free, 0)
                    XCTAssertGreaterThanOrEqual(try XCTUnwrap(disk["total"]), free)
                }
            }
            try await client.execute(uri: "/api/metrics", method: .post) { response in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertEqual(response.headers[.allow], "GET, HEAD")
                XCTAssertEqual(try JSONObject(response.body)["error"] as? String, "MethodNotAllowedError")
            }
        }
    }

    func testRequestCounterWindowsAndErrors() {
        let counter = RequestCounter(clock: SystemClock())
        XCTAssertEqual(counter.snapshot(at: 100), RequestCounter.Snapshot(total: 0, errors: 0, perMinute: 0))
        counter.record(status: 200, at: 100)
        counter.record(status: 404, at: 100)
        counter.record(status: 500, at: 130)
        counter.record(status: 201, at: 159)
        XCTAssertEqual(counter.snapshot(at: 159), RequestCounter.Snapshot(total: 4, errors: 2, perMinute: 4))
        // Second 100 leaves the window at 160; 159 at 219.
        XCTAssertEqual(counter.snapshot(at: 160).perMinute, 2)
        XCTAssertEqual(counter.snapshot(at: 218).perMinute, 1)
        XCTAssertEqual(counter.snapshot(at: 219).perMinute, 0)
        // Second 160 reuses the bucket of second 100 and starts it afresh.
        counter.record(status: 399, at: 160)
        XCTAssertEqual(counter.snapshot(at: 160), RequestCounter.Snapshot(total: 5, errors: 2, perMinute: 3))
    }

    func testCounterMiddlewareFeedsTheMetrics() async throws {
        let directory = makeDirectory()
        let store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        let counter = RequestCounter(clock: SystemClock())
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestCounterMiddleware(counter: counter))
        // Added before the envelope middleware, so its error reaches the counter thrown.
        router.get("boom") { _, _ -> String in throw APIError(.conflict, "boom") }
        router.add(middleware: ErrorEnvelopeMiddleware())
        MetricsController(backups: BackupStore(store: store), clock: SystemClock(), requests: counter, startedAt: SystemClock().now()).addRoutes(
            to: router.group("api")
        )
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/nothing", method: .get) { XCTAssertEqual($0.status, .notFound) }
            _ = try? await client.execute(uri: "/boom", method: .get) { _ in }
            for expected in [(total: 2, errors: 2), (total: 3, errors: 2)] {
                try await client.execute(uri: "/api/metrics", method: .get) { response in
                    let data = try XCTUnwrap(try JSONObject(response.body)["data"] as? [String: Any])
                    let requests = (data["application"] as? [String: Any])?["requests"] as? [String: Int]
                    // Each request is counted once answered, so a response never includes itself.
                    XCTAssertEqual(requests?["total"], expected.total)
                    XCTAssertEqual(requests?["errors"], expected.errors)
                    XCTAssertEqual(requests?["perMinute"], expected.total)
                }
            }
        }
        XCTAssertEqual(counter.snapshot(), RequestCounter.Snapshot(total: 4, errors: 2, perMinute: 4))
        await store.close()
    }

    func testEscapingAndNumberFormats() {
        XCTAssertEqual(PrometheusExposition.escapeLabel("a\"b\\c\nd"), #"a\"b\\c\nd"#)
        XCTAssertEqual(PrometheusExposition.escapeHelp("say \"hi\"\\\n"), #"say "hi"\\\n"#)
        XCTAssertEqual(PrometheusExposition.Value.double(.nan).text, "NaN")
        XCTAssertEqual(PrometheusExposition.Value.double(.infinity).text, "+Inf")
        XCTAssertEqual(PrometheusExposition.Value.double(-.infinity).text, "-Inf")
        XCTAssertEqual(PrometheusExposition.Value.double(1_704_067_200.25).text, "1704067200.25")
        XCTAssertEqual(PrometheusExposition.Value.double(3).text, "3")
        XCTAssertEqual(PrometheusExposition.Value.int(-7).text, "-7")
        var document = PrometheusExposition()
        document.family(
            "x_total",
            help: "A \\ counter.",
            type: "counter",
            samples: [.init(labels: [(name: "a", value: "1"), (name: "b", value: "q\"")], value: .int(2))]
        )
        XCTAssertEqual(document.text, "# HELP x_total A \\\\ counter.\n# TYPE x_total counter\nx_total{a=\"1\",b=\"q\\\"\"} 2\n")
    }
}
