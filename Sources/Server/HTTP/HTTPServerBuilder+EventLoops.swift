import HummingbirdCore
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 as `.http1()` serves it, with each connection's requests handled on the event loop
    /// that reads the connection (`EventLoopTaskExecutor`).
    ///
    /// Measured with `tools/bench-e2e/upload-ab.sh` and `reads-ab.sh` (docs/performance.md,
    /// "Upload CPU: a connection's requests on its event loop"): fewer thread hand-offs a request,
    /// at some cost to many small reads under load. Routes that hold their thread opt out
    /// (`APIRoute.holdsItsThread`).
    ///
    /// A connection that sends no complete request head within `idleTimeout`, at its start or
    /// between keep-alive requests, or nothing of a body it has begun for as long, is closed: a
    /// slow or silent client cannot hold a connection, and its file descriptor, for ever
    /// (quality.md §3, slow-client timeouts).
    static func http1OnEventLoops(idleTimeout: TimeAmount) -> HTTPServerBuilder {
        .init { responder in
            EventLoopPreferringChannel(base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)))
        }
    }
}

/// A server child channel that handles each connection as `base` does, with the connection's
/// event loop as the preferred executor of the connection's task.
struct EventLoopPreferringChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    /// The channel that sets connections up and handles their requests.
    let base: Base

    /// Sets a connection up as `base` does.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    /// Handles a connection as `base` does, on the connection's event loop.
    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}
