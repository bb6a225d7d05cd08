import Foundation
import XCTest

/// A program from the machine's packages that a test runs (promtool, prometheus, grep, jq…).
enum ExternalTool {
    /// The program's path; a missing program is a failure that says how to install it, never a skip:
    /// `.ci/run` installs every tool the tests use.
    static func path(_ name: String, package: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        XCTFail("\(name) is not installed; install Debian's '\(package)' package (.ci/run does)", file: file, line: line)
        throw MissingTool(name: name)
    }

    /// A program the test needs is absent (already reported as a failure).
    struct MissingTool: Error {
        let name: String
    }

    /// What a finished program wrote, and its exit status.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` (in `directory`, with `input` on stdin) to its end.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil, input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let (stdout, stderr, stdin) = (Pipe(), Pipe(), Pipe())
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self)
        )
    }
}
