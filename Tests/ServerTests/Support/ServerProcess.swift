import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `duplistatus` executable, run by a test as a user would: `serve` in a child process
/// reached over HTTP, and the offline commands.
final class ServerProcess: @unchecked Sendable {
    /// The `duplistatus` executable SwiftPM built beside this test bundle.
    static func binary() throws -> URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let binary = me.deletingLastPathComponent().appendingPathComponent("duplistatus")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("no duplistatus executable at \(binary.path); run `swift build` first")
        }
        return binary
    }

    /// This process' environment without the variables `serve` reads.
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DUPLISTATUS_") && $0.key != "PORT" }
    }

    /// Runs the binary to completion and returns its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = cleanEnvironment
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

    /// The child process.
    let process = Process()
    /// Everything it printed.
    let output = ProcessOutput()
    /// Where it listens.
    let baseURL: URL

    /// Starts `duplistatus serve` on `dataDirectory` on a free loopback port, with `environment`
    /// added to this process's, and waits until it listens.
    init(dataDirectory: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        let port = try FreePort.loopback()
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory] + arguments
        process.environment = Self.cleanEnvironment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        guard Self.wait(seconds: 60, until: { output.text.contains("listening on http://127.0.0.1:\(port)") }) else {
            process.terminate()
            throw ServerDidNotStart(output: output.text)
        }
    }

    /// SIGTERM, then waits for the graceful shutdown; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends `method` `path` (with its query, if any) and an optional JSON body; returns the
    /// status and the body.
    func request(_ method: String, _ path: String, json: Data? = nil) async throws -> (status: Int, body: Data) {
        try await request(method, path, body: json, contentType: json == nil ? nil : "application/json")
    }

    /// Sends `method` `path` with `body` of type `contentType`; returns the status and the body.
    func request(_ method: String, _ path: String, body: Data?, contentType: String?) async throws -> (status: Int, body: Data) {
        let (status, _, answer) = try await exchange(method, path, body: body, contentType: contentType)
        return (status, answer)
    }

    /// Sends `method` `path` with an optional `body` of type `contentType`; returns the status, the
    /// response headers and the body.
    func exchange(
        _ method: String,
        _ path: String,
        body: Data? = nil,
        contentType: String? = nil
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = URLRequest(url: try XCTUnwrap(URL(string: path, relativeTo: baseURL)))
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.timeoutInterval = 120
        let (answer, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let headers = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) { headers, field in
            if let name = field.key as? String, let value = field.value as? String { headers[name.lowercased()] = value }
        }
        return (http?.statusCode ?? 0, headers, answer)
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    /// The server exited or never said it listens.
    struct ServerDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "duplistatus serve did not start:\n\(output)" }
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
