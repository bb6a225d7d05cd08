import Logging

/// Writes log lines exactly as swift-log's `StreamLogHandler` does, formatting the metadata only
/// when a line is written.
///
/// `StreamLogHandler` formats its whole metadata into a string each time a key is set, and
/// Hummingbird sets a request id on every request's logger: a formatted string per request that
/// is thrown away unless the request logs (0.9 % of an upload's profile, docs/performance.md).
struct ConsoleLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    var metadataProvider: Logger.MetadataProvider?

    /// Writes the lines; it is given this handler's metadata only for a line it writes.
    private let writer: StreamLogHandler

    /// A handler writing to standard output, as `StreamLogHandler.standardOutput` does.
    init(label: String) {
        self.init(writer: StreamLogHandler.standardOutput(label: label, metadataProvider: LoggingSystem.metadataProvider))
    }

    /// A handler whose lines `writer` writes, with `writer`'s label and metadata provider (tests
    /// give it a stream of their own).
    init(writer: StreamLogHandler) {
        self.writer = writer
        metadataProvider = writer.metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line through a copy of the writer holding this handler's metadata.
    func log(event: LogEvent) {
        var writer = self.writer
        writer.metadataProvider = metadataProvider
        writer.metadata = metadata
        writer.log(event: event)
    }
}
