import Logging

/// Writes log lines exactly as swift-log's `StreamLogHandler` does, formatting the metadata only
/// when a line is written.
///
/// `StreamLogHandler` formats its whole metadata into a string each time a key is set, and
/// Hummingbird sets a request id on every request's logger: a formatted string per request that
/// is thrown away unless the request logs (about 1 % of an upload's CPU, docs/performance.md).
struct ConsoleLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let makeWriter: @Sendable (String, Logger.MetadataProvider?) -> StreamLogHandler

    /// A handler writing to standard output, as `StreamLogHandler.standardOutput` does.
    init(label: String) {
        self.init(label: label, metadataProvider: LoggingSystem.metadataProvider) { label, provider in
            StreamLogHandler.standardOutput(label: label, metadataProvider: provider)
        }
    }

    /// A handler whose lines go to the `StreamLogHandler` that `makeWriter` returns for a label.
    init(
        label: String,
        metadataProvider: Logger.MetadataProvider?,
        makeWriter: @escaping @Sendable (String, Logger.MetadataProvider?) -> StreamLogHandler
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.makeWriter = makeWriter
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line through a `StreamLogHandler` that holds this handler's metadata.
    func log(event: LogEvent) {
        var writer = makeWriter(label, metadataProvider)
        writer.logLevel = logLevel
        writer.metadata = metadata
        writer.log(event: event)
    }
}
