import Hummingbird

/// The request context of every route: Hummingbird's basics plus the configured body limit.
struct AppRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters, endpoint path).
    var coreContext: CoreRequestContextStorage
    /// Set per request by `BodyLimitMiddleware`; the context cannot see the configuration when created.
    var maxBodyBytes = AppConfiguration.defaultMaxBodyBytes

    /// Creates the context for one request.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Makes Hummingbird's own `request.decode` honour the configured limit too.
    var maxUploadSize: Int { maxBodyBytes }
}
