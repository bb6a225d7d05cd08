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

    /// The same statements, with metadata set on the logger and given per line.
    private func exercise(_ logger: Logger) {
        var logger = logger
        logger[metadataKey: "hb.request.id"] = "a1b2"
        logger[metadataKey: "server"] = "NAS-HOME"
        logger.info("stored a run", metadata: ["backup": "Documents", "server": "override"])
        logger.logLevel = .warning
        logger.info("not written")
        logger.error("failed", metadata: ["reason": "disk full"])
    }

    func testLinesMatchStreamLogHandler() {
        let ours = Recorder()
        let theirs = Recorder()
        exercise(
            Logger(label: "duplistatus.http") { label in
                ConsoleLogHandler(label: label, metadataProvider: nil) { label, provider in
                    StreamLogHandler(label: label, stream: ours, metadataProvider: provider)
                }
            }
        )
        exercise(Logger(label: "duplistatus.http") { StreamLogHandler(label: $0, stream: theirs, metadataProvider: nil) })
        let ourLines = withoutTimestamps(ours.lines.text.withLock { $0 })
        XCTAssertEqual(ourLines, withoutTimestamps(theirs.lines.text.withLock { $0 }))
        XCTAssertEqual(
            ourLines,
            [
                "info duplistatus.http: backup=Documents hb.request.id=a1b2 server=override [ServerTests] stored a run",
                "error duplistatus.http: hb.request.id=a1b2 reason=disk full server=NAS-HOME [ServerTests] failed",
            ]
        )
    }

    func testMetadataIsFormattedOnlyForLinesWritten() {
        let recorder = Recorder()
        var logger = Logger(label: "duplistatus") { label in
            ConsoleLogHandler(label: label, metadataProvider: nil) { label, provider in
                StreamLogHandler(label: label, stream: recorder, metadataProvider: provider)
            }
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
