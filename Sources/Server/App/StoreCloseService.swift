import FlatStore
import Logging
import ServiceLifecycle

/// Closes the store when the application shuts down (SIGTERM/SIGINT or a failed service).
///
/// The store itself is opened by `buildApplication`, before anything runs, so that a locked data
/// directory fails start-up at once; this service only waits for shutdown. It is registered
/// first, and a service group stops its services in reverse order, so the HTTP server has drained
/// every request before the store flushes, snapshots and releases its lock.
struct StoreCloseService: Service {
    /// Holds the store to close (the one in place at shutdown, after any restore).
    let holder: StoreHolder
    /// Where to report the close.
    let logger: Logger

    /// Waits for graceful shutdown (or cancellation), then closes the store.
    func run() async throws {
        // Cancellation also ends the wait: the store must be closed on every way out.
        try? await gracefulShutdown()
        let store = holder.current
        await store.close()
        logger.info("store closed", metadata: ["dataDir": "\(store.options.directory)"])
    }
}
