import Dispatch
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import XCTest

@testable import Server

/// `EventLoopTaskExecutor` and `HTTPServerBuilder.http1OnEventLoops`: a connection's requests run
/// on the event loop that reads it.
final class EventLoopTaskExecutorTests: XCTestCase {
    func testATaskThatPrefersTheLoopStaysOnItAcrossSuspensions() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let places = await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) { () async -> [Bool] in
            var places = [loop.inEventLoop]
            await Self.elsewhere()
            places.append(loop.inEventLoop)
            // Resumed from another thread, as the store's commit thread resumes an upload.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async { continuation.resume() }
            }
            places.append(loop.inEventLoop)
            // A child task inherits the preference.
            async let child = loop.inEventLoop
            places.append(await child)
            return places
        }
        XCTAssertEqual(places, [true, true, true, true])
        try await group.shutdownGracefully()
    }

    func testTheServersConnectionsAreHandledOnTheirEventLoops() async throws {
        // Without the preference the handler runs on Swift's thread pool, where no loop is current.
        for (server, expected) in [(HTTPServerBuilder.http1OnEventLoops(idleTimeout: .seconds(60)), "on an event loop"), (.http1(), "elsewhere")] {
            let router = Router()
            router.get("where") { _, _ in
                try await Task.sleep(for: .milliseconds(1))
                return Self.place()
            }
            router.post("echo") { request, _ in
                String(buffer: try await request.body.collect(upTo: 1 << 20))
            }
            let app = Application(router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                for _ in 0..<3 {
                    try await client.execute(uri: "/where", method: .get) { response in
                        XCTAssertEqual(response.status, .ok)
                        XCTAssertEqual(String(buffer: response.body), expected)
                    }
                }
                let body = String(repeating: "0123456789", count: 20_000)
                try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)) { response in
                    XCTAssertEqual(String(buffer: response.body), body)
                }
            }
        }
    }

    func testRoutesThatHoldTheirThreadRunOnTheThreadPoolBodyIncluded() async throws {
        XCTAssertTrue(APIRoute.databaseBackup.holdsItsThread)
        XCTAssertFalse(APIRoute.upload.holdsItsThread)
        let router = Router(context: AppRequestContext.self)
        let api = router.group("api")
        api.on(.summary) { _, _ in Self.place() }
        api.on(.cleanup) { _, _ in
            let handler = Self.place()
            // Written after the handler returned, as the backup archive is.
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "\(handler), \(Self.place())"))
                    try await writer.finish(nil)
                }
            )
        }
        let app = Application(
            router: router,
            server: .http1OnEventLoops(idleTimeout: .seconds(60)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/summary", method: .get) { response in
                XCTAssertEqual(String(buffer: response.body), "on an event loop")
                XCTAssertEqual(response.headers[.cacheControl], "no-store")
            }
            try await client.execute(uri: "/api/backups/cleanup", method: .post) { response in
                XCTAssertEqual(String(buffer: response.body), "elsewhere, elsewhere")
            }
        }
    }

    func testALargeBodyIsCompressedOffTheLoopAndArrivesWhole() async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: GzipMiddleware(minimumBytes: 64, poolBytes: 4096))
        let text = (0..<20_000).map { "line \($0) of a large answer\n" }.joined()
        for size in [1000, text.utf8.count] {
            router.get("text/\(size)") { _, _ -> Response in
                // Left on the loop by the route; compressed on the pool when above poolBytes.
                XCTAssertEqual(Self.place(), "on an event loop")
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/plain"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: String(text.prefix(size))))
                )
            }
        }
        let app = Application(
            router: router,
            server: .http1OnEventLoops(idleTimeout: .seconds(60)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            for size in [1000, text.utf8.count] {
                try await client.execute(uri: "/text/\(size)", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                    XCTAssertEqual(response.headers[.contentEncoding], "gzip")
                    let plain = try gunzip(Array(response.body.readableBytesView))
                    XCTAssertEqual(String(decoding: plain, as: UTF8.self), String(text.prefix(size)))
                }
            }
        }
    }

    /// Where the caller runs: on one of NIO's event loops or elsewhere (Swift's thread pool).
    private static func place() -> String {
        MultiThreadedEventLoopGroup.currentEventLoop == nil ? "elsewhere" : "on an event loop"
    }

    /// A nonisolated async function that suspends.
    private static func elsewhere() async {
        await Task.yield()
    }
}
