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

    /// api.md §1: the body limit (default 16 MiB) and the CORS origins (default every origin) are
    /// configurable, by flag or environment.
    func testTheBodyLimitAndTheAllowedOriginsAreConfigurable() throws {
        let defaults = try ServeCommand.parse([]).configuration(environment: [:])
        XCTAssertEqual(defaults.maxBodyBytes, 16 << 20)
        XCTAssertEqual(defaults.allowedOrigins, ["*"])
        let environment = ["DUPLISTATUS_MAX_BODY_MB": "4", "DUPLISTATUS_ALLOWED_ORIGINS": "https://home.example.org/, http://nas:3000"]
        let fromEnvironment = try ServeCommand.parse([]).configuration(environment: environment)
        XCTAssertEqual(fromEnvironment.maxBodyBytes, 4 << 20)
        XCTAssertEqual(fromEnvironment.allowedOrigins, ["https://home.example.org", "http://nas:3000"])
        let flags = try ServeCommand.parse(["--max-body-mb", "32", "--allowed-origins", "*"]).configuration(environment: environment)
        XCTAssertEqual(flags.maxBodyBytes, 32 << 20)
        XCTAssertEqual(flags.allowedOrigins, ["*"])
        for wrong in [["--max-body-mb", "0"], ["--allowed-origins", "home.example.org"], ["--allowed-origins", " , "]] {
            XCTAssertThrowsError(try ServeCommand.parse(wrong).configuration(environment: [:]), "\(wrong)")
        }
    }

    /// `/data/` names the same directory as `/data`; a restore's siblings must not land inside it.
    func testTheDataDirectoryLosesItsTrailingSlashes() throws {
        XCTAssertEqual(try ServeCommand.parse(["--data-dir", "/srv/d//"]).configuration(environment: [:]).dataDirectory, "/srv/d")
        XCTAssertEqual(try ServeCommand.parse([]).configuration(environment: ["DUPLISTATUS_DATA_DIR": "d/"]).dataDirectory, "d")
        XCTAssertEqual(try ServeCommand.parse(["--data-dir", "/"]).configuration(environment: [:]).dataDirectory, "/")
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

    /// A server that cannot start says what to change in one line: the port, or the directory as given.
    func testAServerThatCannotStartNamesThePortOrTheDirectory() throws {
        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        let port = try XCTUnwrap(server.baseURL.port)
        let taken = try runBinary(["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory + "-other"])
        defer { try? FileManager.default.removeItem(atPath: dataDirectory + "-other") }
        XCTAssertEqual(taken.status, 1, taken.stderr)
        XCTAssertTrue(taken.stderr.hasPrefix("duplistatus: port \(port) on 127.0.0.1 is already in use"), taken.stderr)
        let file = dataDirectory + "-file"
        FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        let notDirectory = try runBinary(["serve", "--port", "0", "--data-dir", file])
        XCTAssertEqual(notDirectory.status, 1, notDirectory.stderr)
        XCTAssertTrue(
            notDirectory.stderr.contains("cannot use the data directory '\(file)'") && notDirectory.stderr.contains("not a directory"),
            notDirectory.stderr
        )
    }

    /// SIGHUP (a closed terminal, a supervisor) closes the store as SIGTERM does; a certificate
    /// file that cannot be read is found at start, not at the first e-mail.
    func testSIGHUPClosesTheStoreAndAMissingCAFileStopsTheStart() throws {
        let server = try ServerProcess(dataDirectory: dataDirectory)
        kill(server.process.processIdentifier, SIGHUP)
        server.process.waitUntilExit()
        XCTAssertEqual(server.process.terminationStatus, 0, server.output.text)
        XCTAssertTrue(server.output.text.contains("store closed"), server.output.text)
        XCTAssertEqual(try runBinary(["verify", "--data-dir", dataDirectory]).status, 0)
        let missing = try runBinary(["serve", "--port", "0", "--data-dir", dataDirectory, "--smtp-ca-file", dataDirectory + "/none.pem"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("cannot read the SMTP certificate authority file"), missing.stderr)
    }

    func testOfflineCommandsFailFastWhileAServerHoldsTheDirectory() throws {
        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        for command in ["verify", "compact"] {
            let started = Date()
            let result = try runBinary([command, "--data-dir", dataDirectory])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("in use"), result.stderr)
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, "\(command) did not fail fast")
        }

        // SIGTERM: graceful shutdown must close the store.
        XCTAssertEqual(server.stop(), 0, server.output.text)
        XCTAssertTrue(server.output.text.contains("store closed"), server.output.text)
        XCTAssertEqual(try runBinary(["verify", "--data-dir", dataDirectory]).status, 0)
    }

    func testWhatSomeoneDidIsLoggedAtTheDefaultLevelAndRoutineUploadsAreNot() async throws {
        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        let body = Data(try Fixtures.realSample("synthetic-backup-success-2.1.0.5.json"))
        let stored = try await server.request("POST", "/api/upload", json: body)
        XCTAssertEqual(stored.status, 201, String(decoding: stored.body, as: UTF8.self))
        let receipt = try JSONSerialization.jsonObject(with: stored.body) as? [String: Any]
        let id = try XCTUnwrap((receipt?["data"] as? [String: Any])?["backupId"] as? String)
        let deleted = try await server.request("DELETE", "/api/backups/\(id)")
        XCTAssertEqual(deleted.status, 200, String(decoding: deleted.body, as: UTF8.self))
        XCTAssertEqual(server.stop(), 0, server.output.text)
        let log = server.output.text
        XCTAssertTrue(log.contains("backup run deleted") && log.contains(id), log)
        XCTAssertFalse(log.contains("backup run stored"), log)
    }

    /// A refused report is a lost run unless someone reads the log: each refusal leaves a line
    /// naming why, and the 413 says what makes a report that large and which option raises the limit.
    func testARefusedUploadIsLoggedWithItsReason() async throws {
        let server = try ServerProcess(dataDirectory: dataDirectory, arguments: ["--max-body-mb", "1"])
        defer { server.stop() }
        var report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try Fixtures.realSample("synthetic-backup-success-2.1.0.5.json"))) as? [String: Any]
        )
        var extra = try XCTUnwrap(report["Extra"] as? [String: Any])
        extra["machine-id"] = nil
        extra["machine-name"] = nil
        report["Extra"] = extra
        let nameless = try await server.request("POST", "/api/upload", json: try JSONSerialization.data(withJSONObject: report))
        XCTAssertEqual(nameless.status, 400)
        report["LogLines"] = Array(
            repeating: "2025-07-14 02:00:00 +00 - [Information-Duplicati.Library.Main.BasicResults-BackendEvent]: Backend event: Put - Completed",
            count: 12_000
        )
        let huge = try await server.request("POST", "/api/upload", json: try JSONSerialization.data(withJSONObject: report))
        XCTAssertEqual(huge.status, 413)
        let message = String(decoding: huge.body, as: UTF8.self)
        XCTAssertTrue(
            message.contains("1048576 bytes (1 MiB)") && message.contains("--send-http-max-log-lines") && message.contains("--max-body-mb"),
            message
        )
        XCTAssertEqual(server.stop(), 0, server.output.text)
        let log = server.output.text
        XCTAssertTrue(log.contains("upload refused") && log.contains("Extra.machine-id") && log.contains("status=400"), log)
        XCTAssertTrue(log.contains("request body too large; refused") && log.contains("path=/api/upload"), log)
    }

    /// Runs the binary to completion and returns its exit status and output.
    func runBinary(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try ServerProcess.run(arguments)
    }
}
