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

    /// What writes the lines, shared by every copy of this handler.
    ///
    /// Behind one reference the handler is three words, which an existential holds inline: a
    /// `Logger` keeps its handler as `any LogHandler`, and setting the request id on a copy of
    /// the logger copied a larger handler into a box of its own, an allocation per request.
    private var output: Output

    /// The writer and the metadata provider, immutable: setting a provider replaces the whole
    /// `Output`, so copies of the handler keep theirs.
    private final class Output: Sendable {
        /// Writes the lines; it is given the handler's metadata only for a line it writes.
        let writer: StreamLogHandler
        /// The provider the lines' metadata is merged with.
        let metadataProvider: Logger.MetadataProvider?

        /// An output through `writer`, merging `metadataProvider`'s metadata.
        init(writer: StreamLogHandler, metadataProvider: Logger.MetadataProvider?) {
            self.writer = writer
            self.metadataProvider = metadataProvider
        }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { output.metadataProvider }
        set { output = Output(writer: output.writer, metadataProvider: newValue) }
    }

    /// A handler writing to standard output, as `StreamLogHandler.standardOutput` does.
    init(label: String) {
        self.init(writer: StreamLogHandler.standardOutput(label: label, metadataProvider: LoggingSystem.metadataProvider))
    }

    /// A handler whose lines `writer` writes, with `writer`'s label and metadata provider (tests
    /// give it a stream of their own).
    init(writer: StreamLogHandler) {
        output = Output(writer: writer, metadataProvider: writer.metadataProvider)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line through a copy of the writer holding this handler's metadata.
    func log(event: LogEvent) {
        var writer = output.writer
        writer.metadataProvider = output.metadataProvider
        writer.metadata = metadata
        writer.log(event: event)
    }
}
