import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import XCTest

@testable import Server

/// quality.md §3's request limits on a connection: the slow-client timeout, over a raw TCP
/// connection, and the request head's size.
extension HTTPConventionsTests {
    /// Sends `writes` over a new raw TCP connection to `port`, each flushed, then waits for the
    /// server to close it; how long that took. Should the server never hang up, the wait ends
    /// after 10 s, which the callers' checks fail.
    static func timeUntilTheServerHangsUp(port: Int, after writes: [[UInt8]]) async throws -> Duration {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
        for bytes in writes { try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get() }
        let started = ContinuousClock.now
        let giveUp = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        try await channel.closeFuture.get()
        giveUp.cancel()
        return ContinuousClock.now - started
    }

    func testAClientThatNeverFinishesItsRequestHeadIsDisconnected() async throws {
        var config = config()
        config.idleTimeoutSeconds = 1
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            // Half a request head, and then nothing: a slowloris client.
            let waited = try await Self.timeUntilTheServerHangsUp(port: port, after: [Array("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)])
            XCTAssertLessThan(waited, .seconds(5), "the server closed the connection after its idle timeout")
            XCTAssertGreaterThanOrEqual(waited, .milliseconds(900), "not before it")
            // A client that sends its request in time, on a new connection, is answered as usual.
            let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/health"), timeout: .seconds(10))
            XCTAssertEqual(health.status, .ok)
        }
    }

    func testAClientThatStopsSendingItsBodyIsDisconnectedAndNothingIsStored() async throws {
        var config = config()
        config.idleTimeoutSeconds = 1
        let app = try await buildApplication(config)
        let report = try RealReports().body(machineId: "nas-1", machineName: "NAS", run: 0)
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            // A whole head and half the report it announces, then nothing.
            let head = "POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(report.count)\r\n\r\n"
            let waited = try await Self.timeUntilTheServerHangsUp(port: port, after: [Array(head.utf8), Array(report.prefix(report.count / 2))])
            XCTAssertLessThan(waited, .seconds(5), "the server closed the connection once the body stalled for its idle timeout")
            let summary = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/summary"), timeout: .seconds(10))
            let text = String(buffer: try await summary.body.collect(upTo: 1 << 20))
            XCTAssertTrue(text.contains("\"totalBackupRuns\":0"), text)
        }
        // The body's stream then fails with NIO's parser error: the client's doing, answered as a
        // 400 (to a client still listening) and not logged as an internal error.
        let converted = APIError(converting: HTTPParserError.invalidEOFState, logger: Logger(label: "test"))
        XCTAssertEqual(converted.code, .validation)
        XCTAssertEqual(converted.message, "The request could not be read: stream ended at an unexpected time")
    }

    func testAnOversizeRequestHeadAnswers400() async throws {
        let app = try await buildApplication(config())
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            // 100 KB in one header field, beyond the 80 KiB a head may hold.
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/health")
            request.headers.add(name: "X-Big", value: String(repeating: "x", count: 100_000))
            let refused = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            XCTAssertEqual(refused.status, .badRequest)
            let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/health"), timeout: .seconds(10))
            XCTAssertEqual(health.status, .ok)
        }
    }
}
