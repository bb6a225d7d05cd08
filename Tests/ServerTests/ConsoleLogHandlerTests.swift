import Logging
import Synchronization
import XCTest

@testable import Server

/// The server's log handler writes what swift-log's `StreamLogHandler` writes, and formats
/// metadata only for the lines it writes.
final class ConsoleLogHandlerTests: XCTestCase {
    /// A stream that keeps what is written to it.
    private struct Recorder: TextOutputStream, Sendable {
        let lines = Lines()

        mutating func write(_ string: String) {
            lines.text.withLock { $0 += string }
        }
    }

    /// What a `Recorder` and its copies have been written.
    private final class Lines: Sendable {
        let text = Mutex("")
    }

    /// A metadata value that counts how often it is formatted.
    private final class CountedValue: CustomStringConvertible, Sendable {
        let count = Mutex(0)
        var description: String {
            count.withLock { $0 += 1 }
            return "counted"
        }
    }

    /// Drops the timestamp each line starts with.
    private func withoutTimestamps(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
    }

    /// An error logged with a line.
    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    /// The same statements, with metadata set on the logger, given per line, from a provider
    /// and from an error.
    private func exercise(_ logger: Logger) {
        var logger = logger
        logger[metadataKey: "hb.request.id"] = "a1b2"
        logger[metadataKey: "server"] = "NAS-HOME"
        logger.info("stored a run", metadata: ["backup": "Documents", "server": "override"])
        logger.notice("no metadata of its own")
        logger.logLevel = .warning
        logger.info("not written")
        logger.error("failed", error: DiskFull(), metadata: ["reason": "quota"])
    }

    /// The lines `exercise` writes through a `ConsoleLogHandler` and through a `StreamLogHandler`.
    private func lines(label: String, provider: Logger.MetadataProvider?) -> (ours: [String], theirs: [String]) {
        let ours = Recorder()
        let theirs = Recorder()
        exercise(
            Logger(label: label) {
                ConsoleLogHandler(writer: StreamLogHandler(label: $0, stream: ours, metadataProvider: provider))
            }
        )
        exercise(Logger(label: label) { StreamLogHandler(label: $0, stream: theirs, metadataProvider: provider) })
        return (
            withoutTimestamps(ours.lines.text.withLock { $0 }), withoutTimestamps(theirs.lines.text.withLock { $0 })
        )
    }

    func testLinesMatchStreamLogHandler() {
        let provider = Logger.MetadataProvider { ["provided": "yes", "server": "from-provider"] }
        for label in ["duplistatus.http", ""] {
            for provider in [nil, provider] {
                let (ours, theirs) = lines(label: label, provider: provider)
                XCTAssertEqual(ours, theirs, "label '\(label)', provider \(provider == nil ? "none" : "set")")
                XCTAssertEqual(ours.count, 3)
            }
        }
        let error = "error.message=disk full error.type=ServerTests.ConsoleLogHandlerTests.DiskFull"
        XCTAssertEqual(
            lines(label: "duplistatus.http", provider: nil).ours,
            [
                "info duplistatus.http: backup=Documents hb.request.id=a1b2 server=override [ServerTests] stored a run",
                "notice duplistatus.http: hb.request.id=a1b2 server=NAS-HOME [ServerTests] no metadata of its own",
                "error duplistatus.http: \(error) hb.request.id=a1b2 reason=quota server=NAS-HOME [ServerTests] failed",
            ]
        )
        XCTAssertEqual(
            lines(label: "", provider: provider).ours[1],
            "notice: hb.request.id=a1b2 provided=yes server=from-provider [ServerTests] no metadata of its own"
        )
    }

    /// The handler fits the three words an existential holds inline, so setting a request's
    /// metadata does not copy it into a box of its own; a provider set on one copy stays its own.
    func testTheHandlerIsSmallAndItsCopiesKeepTheirProviders() {
        XCTAssertLessThanOrEqual(MemoryLayout<ConsoleLogHandler>.size, 3 * MemoryLayout<Int>.size)
        XCTAssertLessThanOrEqual(MemoryLayout<ConsoleLogHandler>.alignment, MemoryLayout<Int>.alignment)

        let recorder = Recorder()
        let plain = ConsoleLogHandler(writer: StreamLogHandler(label: "duplistatus", stream: recorder, metadataProvider: nil))
        var provided = plain
        provided.metadataProvider = Logger.MetadataProvider { ["provided": "yes"] }
        XCTAssertNil(plain.metadataProvider)
        Logger(label: "duplistatus") { _ in plain }.notice("plain")
        Logger(label: "duplistatus") { _ in provided }.notice("provided")
        XCTAssertEqual(
            withoutTimestamps(recorder.lines.text.withLock { $0 }),
            ["notice duplistatus: [ServerTests] plain", "notice duplistatus: provided=yes [ServerTests] provided"]
        )
    }

    func testMetadataIsFormattedOnlyForLinesWritten() {
        let recorder = Recorder()
        var logger = Logger(label: "duplistatus") {
            ConsoleLogHandler(writer: StreamLogHandler(label: $0, stream: recorder, metadataProvider: nil))
        }
        let value = CountedValue()
        for request in 0..<100 {
            logger[metadataKey: "hb.request.id"] = .stringConvertible(value)
            logger[metadataKey: "request"] = "\(request)"
        }
        XCTAssertEqual(value.count.withLock { $0 }, 0, "setting metadata formatted it")
        logger.info("one line")
        XCTAssertEqual(value.count.withLock { $0 }, 1)
        XCTAssertTrue(recorder.lines.text.withLock { $0 }.hasSuffix("hb.request.id=counted request=99 [ServerTests] one line\n"))
    }
}
