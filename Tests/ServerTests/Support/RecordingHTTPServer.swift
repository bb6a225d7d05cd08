import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Synchronization
import XCTest

/// A local HTTP server that records every request (ntfy and webhook delivery tests) and answers
/// with `status`.
final class RecordingHTTPServer: Sendable {
    /// One received request.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: String
    }

    private let received = Mutex<[Received]>([])
    let status: HTTPResponse.Status

    init(status: HTTPResponse.Status = .ok) {
        self.status = status
    }

    /// Every request so far.
    var requests: [Received] { received.withLock { $0 } }

    /// Waits until at least `count` requests arrived (at most `seconds`); the requests then.
    func waitFor(_ count: Int, seconds: Double = 10) async throws -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while requests.count < count && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return requests
    }

    /// Runs `body` with the server listening on a loopback port.
    func run(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("**") { request, context -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
            var headers: [String: String] = [:]
            // Names lower-cased (canonical), as HTTP compares them.
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let entry = Received(
                method: request.method.rawValue,
                path: request.uri.path,
                query: query,
                headers: headers,
                body: String(buffer: bytes)
            )
            self.received.withLock { $0.append(entry) }
            return Response(status: self.status, body: .init(byteBuffer: ByteBuffer(string: self.status == .ok ? "ok" : "boom")))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(try XCTUnwrap(client.port))
        }
    }
}

/// A TCP server that accepts connections and never answers: a peer that hangs.
final class SilentServer: Sendable {
    private let channel: any Channel
    private let counter: Counter

    /// Listens on a loopback port.
    init() async throws {
        let counter = Counter()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.pipeline.addHandler(counter) }
            .bind(host: "127.0.0.1", port: 0).get()
        self.counter = counter
    }

    /// The port it listens on.
    var port: Int { channel.localAddress?.port ?? 0 }
    /// Connections accepted so far.
    var connections: Int { counter.count.withLock { $0 } }

    /// Stops listening.
    func close() async { try? await channel.close() }

    /// Counts accepted connections; reads and drops whatever arrives.
    final class Counter: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let count = Mutex(0)

        func channelActive(context: ChannelHandlerContext) {
            count.withLock { $0 += 1 }
        }
    }
}
