import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the configured body limit and
/// what the request may access.
struct AppRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters, endpoint path).
    var coreContext: CoreRequestContextStorage
    /// Set per request by `BodyLimitMiddleware`; the context cannot see the configuration when created.
    var maxBodyBytes = AppConfiguration.defaultMaxBodyBytes
    /// Set per request by `AccessMiddleware` when an admin password is set; routes that are not
    /// open answer a denied request with its error.
    var access = RequestAccess.granted
    /// The connection, for the client's address (sign-in throttling).
    private let channel: any Channel

    /// Creates the context for one request.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Makes Hummingbird's own `request.decode` honour the configured limit too.
    var maxUploadSize: Int { maxBodyBytes }

    /// The client's IP address, or `"unknown"`.
    var clientAddress: String { channel.remoteAddress?.ipAddress ?? "unknown" }
}
