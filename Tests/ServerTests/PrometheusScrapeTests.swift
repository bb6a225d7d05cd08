import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `/metrics` as the Prometheus ecosystem reads it: promtool's lint, and a real Prometheus
/// scraping a live server on loopback.
final class PrometheusScrapeTests: XCTestCase {
    func testPromtoolAcceptsTheExpositionAndPrometheusScrapesIt() async throws {
        let promtool = try ExternalTool.path("promtool", package: "prometheus")
        let prometheus = try ExternalTool.path("prometheus", package: "prometheus")
        let directory = TestDataDirectory.make("scrape", for: self)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            for name in ["synthetic-backup-success-2.1.0.5.json", "synthetic-backup-error-2.1.0.5.json"] {
                let body = try Data(contentsOf: Fixtures.url(name))
                try await client.execute(
                    uri: "/api/upload",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: body)
                ) { XCTAssertEqual($0.status, .created) }
            }
            let exposition = try await client.execute(uri: "/metrics", method: .get) { Data(buffer: $0.body) }
            let lint = try ExternalTool.run(promtool, ["check", "metrics"], input: exposition)
            XCTAssertEqual(lint.status, 0, "promtool check metrics:\n\(lint.stdout)\(lint.stderr)")

            let scraper = try PrometheusProcess(executable: prometheus, target: port, directory: directory + "-prometheus")
            defer { scraper.stop() }
            let up = try await scraper.waitForSamples("up", timeout: .seconds(60))
            XCTAssertEqual(up.map(\.value), ["1"], "target down: \(up)")
            let jobs = try await scraper.waitForSamples("duplistatus_backup_jobs", timeout: .seconds(30))
            XCTAssertEqual(jobs.map(\.value), ["2"])
            let status = try await scraper.waitForSamples("duplistatus_backup_last_status", timeout: .seconds(30))
            XCTAssertEqual(Set(status.compactMap { $0.labels["backup"] }), ["Documents", "Buchhaltung"], "\(status)")
            XCTAssertEqual(Set(status.map(\.value)), ["0", "2"])
        }
    }
}

/// A Prometheus server on loopback that scrapes one target every second, stopped by the test.
final class PrometheusProcess {
    /// One sample of an instant query.
    struct Sample: Decodable {
        var labels: [String: String]
        var value: String

        private enum CodingKeys: String, CodingKey {
            case metric, value
        }

        /// Reads `{"metric": {…}, "value": [time, "text"]}`.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            labels = try container.decode([String: String].self, forKey: .metric)
            var pair = try container.nestedUnkeyedContainer(forKey: .value)
            _ = try pair.decode(Double.self)
            value = try pair.decode(String.self)
        }
    }

    /// The body of `/api/v1/query`.
    private struct QueryResponse: Decodable {
        struct Payload: Decodable { var result: [Sample] }
        var status: String
        var data: Payload
    }

    private let process = Process()
    private let webPort: Int
    private let directory: String

    /// Starts Prometheus with its data in `directory`, scraping `127.0.0.1:target/metrics`.
    init(executable: String, target: Int, directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        webPort = try FreePort.loopback()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: duplistatus
                metrics_path: /metrics
                static_configs:
                  - targets: ['127.0.0.1:\(target)']
            """
        try config.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(webPort)",
        ]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = directory + "/prometheus.log"
        try Data().write(to: URL(fileURLWithPath: log))
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
    }

    /// The samples of `query` once there are any, polling every half second until `timeout`.
    func waitForSamples(_ query: String, timeout: Duration) async throws -> [Sample] {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else { break }
            var components = URLComponents(string: "http://127.0.0.1:\(webPort)/api/v1/query")
            components?.queryItems = [URLQueryItem(name: "query", value: query)]
            if let url = components?.url, let (data, _) = try? await URLSession.shared.data(from: url) {
                if let answer = try? JSONDecoder().decode(QueryResponse.self, from: data), !answer.data.result.isEmpty {
                    return answer.data.result
                }
                last = String(decoding: data, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let log = (try? String(contentsOfFile: directory + "/prometheus.log", encoding: .utf8)) ?? ""
        XCTFail("no samples of \(query) within \(timeout): \(last)\n\(log.suffix(2000))")
        return []
    }

    /// Stops the server and removes its data.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
