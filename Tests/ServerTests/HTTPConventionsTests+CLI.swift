import ArgumentParser
import Foundation
import XCTest

@testable import Server

/// The `duplistatus` binary: configuration precedence, `verify`, and the lock held by `serve`.
extension HTTPConventionsTests {
    func testServeFlagsWinOverEnvironmentOverDefaults() throws {
        let defaults = try ServeCommand.parse([]).configuration(environment: [:])
        XCTAssertEqual(defaults.host, "0.0.0.0")
        XCTAssertEqual(defaults.port, 9666)
        XCTAssertEqual(defaults.dataDirectory, "./data")
        XCTAssertEqual(defaults.fsync, .always)
        let environment = ["DUPLISTATUS_HOST": "127.0.0.1", "PORT": "8080", "DUPLISTATUS_DATA_DIR": "/srv/d"]
        let fromEnvironment = try ServeCommand.parse([]).configuration(environment: environment)
        XCTAssertEqual(fromEnvironment.host, "127.0.0.1")
        XCTAssertEqual(fromEnvironment.port, 8080)
        XCTAssertEqual(fromEnvironment.dataDirectory, "/srv/d")
        let both = environment.merging(["DUPLISTATUS_PORT": "7000"]) { $1 }
        XCTAssertEqual(try ServeCommand.parse([]).configuration(environment: both).port, 7000)
        let flags = try ServeCommand.parse(["--host", "::1", "--port", "1234", "--data-dir", "x", "--fsync", "everysec"])
            .configuration(environment: both)
        XCTAssertEqual(flags.host, "::1")
        XCTAssertEqual(flags.port, 1234)
        XCTAssertEqual(flags.dataDirectory, "x")
        XCTAssertEqual(flags.fsync, .everysec)
        XCTAssertThrowsError(try ServeCommand.parse([]).configuration(environment: ["PORT": "http"]))
        XCTAssertThrowsError(try ServeCommand.parse(["--fsync", "sometimes"]))
    }

    func testVerifyOnAFreshDirectoryExitsZero() throws {
        let missing = try runBinary(["verify", "--data-dir", dataDirectory])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("does not exist"), missing.stderr)

        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let result = try runBinary(["verify", "--data-dir", dataDirectory])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("OK"), result.stdout)
        let compacted = try runBinary(["compact", "--data-dir", dataDirectory])
        XCTAssertEqual(compacted.status, 0, compacted.stderr)
        XCTAssertTrue(compacted.stdout.contains("records"), compacted.stdout)
    }

    func testOfflineCommandsFailFastWhileAServerHoldsTheDirectory() throws {
        let server = Process()
        server.executableURL = try binaryURL()
        server.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory]
        server.environment = cleanEnvironment()
        let output = ProcessOutput()
        let pipe = Pipe()
        server.standardOutput = pipe
        server.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try server.run()
        defer { if server.isRunning { server.interrupt() } }
        XCTAssertTrue(wait(seconds: 30) { output.text.contains("listening on http://127.0.0.1:") }, output.text)

        for command in ["verify", "compact"] {
            let started = Date()
            let result = try runBinary([command, "--data-dir", dataDirectory])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("in use"), result.stderr)
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "\(command) did not fail fast")
        }

        server.terminate()  // SIGTERM: graceful shutdown must close the store.
        XCTAssertTrue(wait(seconds: 30) { !server.isRunning }, "server ignored SIGTERM")
        XCTAssertEqual(server.terminationStatus, 0, output.text)
        XCTAssertTrue(output.text.contains("store closed"), output.text)
        XCTAssertEqual(try runBinary(["verify", "--data-dir", dataDirectory]).status, 0)
    }

    /// The `duplistatus` executable SwiftPM built beside this test bundle.
    func binaryURL() throws -> URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let binary = me.deletingLastPathComponent().appendingPathComponent("duplistatus")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("no duplistatus executable at \(binary.path); run `swift build` first")
        }
        return binary
    }

    /// This process' environment without the variables `serve` reads.
    func cleanEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DUPLISTATUS_") && $0.key != "PORT" }
    }

    /// Runs the binary to completion and returns its exit status and output.
    func runBinary(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try binaryURL()
        process.arguments = arguments
        process.environment = cleanEnvironment()
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }
}

/// Output of a child process, appended from the pipe's reader thread.
final class ProcessOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) {
        lock.withLock { bytes.append(data) }
    }

    var text: String {
        lock.withLock { String(decoding: bytes, as: UTF8.self) }
    }
}
