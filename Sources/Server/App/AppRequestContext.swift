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

    /// The client's address as sign-in throttling counts it: an IPv4 address whole, an IPv6 one by
    /// its /64, since one machine usually holds a whole /64 and could guess from each address in it.
    var clientNetwork: String { Self.network(of: channel.remoteAddress) }

    /// What `clientNetwork` counts for a client at `address`.
    static func network(of address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        guard case .v6(let v6) = address else { return address.ipAddress ?? "unknown" }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        // An IPv4 client of a dual-stack socket (::ffff:a.b.c.d) is one address.
        if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return address.ipAddress ?? "unknown" }
        return bytes.prefix(8).lowercaseHex + "/64"
    }
}
