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
        let app = try await buildApplication(AdminFleet.config(directory, now: Self.now))
        try await app.test(.live) { client in
            for (earlier, path) in ["/api/metrics", "/api/v1/metrics"].enumerated() {
                let result = try await client.get(path, as: API.Metrics.self)
                XCTAssertEqual(result.status, .ok, path)
                XCTAssertEqual(result.headers[.cacheControl], "no-store")
                XCTAssertEqual(result.envelope.status, "success")
                XCTAssertEqual(result.dataKeys, ["system", "application", "store", "backups", "notifications"])
                let metrics = try result.data()

                // 3 jobs, 1 whose latest run succeeded; 2 runs began in the last 24 hours.
                XCTAssertEqual(
                    metrics.backups,
                    API.Metrics.Backups(totalServers: 3, totalBackupRuns: 4, overdue: 1, last24Hours: 2, successRate: 33.33)
                )

                XCTAssertEqual(metrics.store.runs, 4)
                XCTAssertEqual(metrics.store.servers, 3)
                XCTAssertEqual(metrics.store.compactions, 0)
                XCTAssertNil(metrics.store.lastCompactionMs)
                XCTAssertGreaterThanOrEqual(metrics.store.recoveryMs, 0)
                XCTAssertGreaterThan(metrics.store.logBytes + metrics.store.snapshotBytes, 0)

                XCTAssertEqual(metrics.application.version, AppVersion.current)
                // The application started at the test clock's now, which has not moved.
                XCTAssertEqual(metrics.application.startTime, ReportTimestamp.isoString(epochMilliseconds: Self.now))
                XCTAssertEqual(metrics.system.uptimeSeconds, 0)
                // A request is counted once answered: the earlier metrics requests of this test.
                XCTAssertEqual(metrics.application.requests, API.Metrics.Requests(total: earlier, errors: 0, perMinute: earlier))

                XCTAssertGreaterThan(try XCTUnwrap(metrics.system.memory.rss), 1 << 20)
                XCTAssertEqual(metrics.system.load.count, 3)
                XCTAssertTrue(metrics.system.load.allSatisfy { $0 >= 0 })
                let free = try XCTUnwrap(metrics.system.disk.free)
                XCTAssertGreaterThan(free, 0)
                XCTAssertGreaterThanOrEqual(try XCTUnwrap(metrics.system.disk.total), free)
            }
            let post = try await client.request(.post, "/api/metrics", as: Ignored.self)
            post.assertError(.methodNotAllowed, "MethodNotAllowedError")
            XCTAssertEqual(post.headers[.allow], "GET, HEAD")
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
        let metrics = MetricsController(
            backups: BackupStore(store: store),
            clock: SystemClock(),
            requests: counter,
            deliveries: DeliveryRecord(),
            startedAt: SystemClock().now()
        )
        metrics.addRoutes(to: router.group("api"))
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/nothing", method: .get) { XCTAssertEqual($0.status, .notFound) }
            _ = try? await client.execute(uri: "/boom", method: .get) { _ in }
            for expected in [(total: 2, errors: 2), (total: 3, errors: 2)] {
                let metrics = try await client.get("/api/metrics", as: API.Metrics.self).data()
                // Each request is counted once answered, so a response never includes itself.
                XCTAssertEqual(
                    metrics.application.requests,
                    API.Metrics.Requests(total: expected.total, errors: expected.errors, perMinute: expected.total)
                )
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
