#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A line on stderr that a long command rewrites in place to show how far it got; silent when
/// stderr is not a terminal, so logs and pipes get only the final summary.
package struct ProgressLine: Sendable {
    /// Whether stderr is a terminal.
    let enabled = isatty(2) == 1

    /// A line on stderr.
    package init() {}

    /// Replaces the line with `text`.
    package func show(_ text: String) {
        guard enabled else { return }
        emit("\r\u{1B}[K" + text)
    }

    /// Ends the line so the next output starts on its own.
    package func finish() {
        guard enabled else { return }
        emit("\n")
    }

    /// Writes `text` to stderr unbuffered.
    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
