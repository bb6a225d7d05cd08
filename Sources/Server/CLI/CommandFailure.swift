import ArgumentParser
import FlatStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the subcommands end on an error: one sentence on stderr and an exit code, never a trace.
package enum CommandFailure {
    /// The exit code when another process holds the data directory.
    static let lockedExitCode: Int32 = 2

    /// Runs `body`, turning any error into its description on stderr and an exit code
    /// (2 for a locked data directory, 1 for anything else).
    package static func reporting<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as StoreError {
            printError(error.description)
            if case .locked = error { throw ExitCode(lockedExitCode) }
            throw ExitCode.failure
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }

    /// Writes `message` and a newline to stderr, unbuffered so it precedes the exit.
    static func printError(_ message: String) {
        let line = Array("duplistatus: \(message)\n".utf8)
        line.withUnsafeBytes { bytes in
            _ = write(2, bytes.baseAddress, bytes.count)
        }
    }
}
