import AsyncHTTPClient

extension HTTPClient {
    /// The client of the outside services: the notification channels (ntfy, webhook) and
    /// Duplicati servers.
    ///
    /// `HTTPClient.shared` retries a refused or unreachable host until the request's deadline, so
    /// each attempt at a channel that is down took the whole 20-second timeout, and with the
    /// channel's attempts (`monitoring.md` §7) one notification held the queue for two
    /// minutes; a collect from a refused port or an unknown host waited 15 s for each way of
    /// reaching it it tried. Here a connection that cannot be made fails its attempt at once
    /// (within 5 s), and the caller's own retries or candidates decide. It lives as long as the
    /// process, like `shared`.
    /// How long `outsideServices` waits for a connection (a request's own timeout still applies).
    static let outsideServicesConnectSeconds: Int64 = 5

    static let outsideServices: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout.connect = .seconds(outsideServicesConnectSeconds)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
