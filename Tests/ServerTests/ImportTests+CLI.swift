import Foundation
import XCTest

@testable import Server

/// `duplistatus import` as a user runs it: the binary, its summary, and its refusal while a server
/// holds the data directory.
extension ImportTests {
    func testTheCommandPrintsASummaryAndRefusesWhileAServerRuns() throws {
        let success = Fixtures.url("synthetic-backup-success-2.1.0.5.json").path
        let restore = Fixtures.url("synthetic-restore-2.1.0.5.json").path
        let first = try ServerProcess.run(["import", "--data-dir", dataDirectory, success, restore])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("2 reports: stored 1, duplicate 0, ignored 1, rejected 0"), first.stdout)
        let second = try ServerProcess.run(["import", "--data-dir", dataDirectory, success])
        XCTAssertTrue(second.stdout.contains("1 report: stored 0, duplicate 1"), second.stdout)
        XCTAssertEqual(second.status, 0, "a duplicate is not a failure")
        // Nothing imported at all: a script must see it.
        let fragment = dataDirectory + "-fragment.json"
        try Data(#"{"Data": {"MainOperation": "Backup"}}"#.utf8).write(to: URL(fileURLWithPath: fragment))
        defer { try? FileManager.default.removeItem(atPath: fragment) }
        let rejected = try ServerProcess.run(["import", "--data-dir", dataDirectory, fragment])
        XCTAssertTrue(rejected.stdout.contains("1 report: stored 0, duplicate 0, ignored 0, rejected 1"), rejected.stdout)
        XCTAssertEqual(rejected.status, 1)

        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        let refused = try ServerProcess.run(["import", "--data-dir", dataDirectory, success])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("in use"), refused.stderr)
        XCTAssertEqual(server.stop(), 0, server.output.text)

        let missing = try ServerProcess.run(["import", "--data-dir", dataDirectory, dataDirectory + "/no-such-file.json"])
        XCTAssertEqual(missing.status, 1, missing.stdout)
        XCTAssertTrue(missing.stderr.contains("is not a file or directory that can be read"), missing.stderr)
    }
}

extension ImportTests {
    func testWithURLTheReportsArePostedToTheRunningServer() throws {
        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        let url = server.baseURL.absoluteString
        let files = [
            Fixtures.url("synthetic-backup-success-2.1.0.5.json").path, Fixtures.url("synthetic-restore-2.1.0.5.json").path,
            Fixtures.url("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt").path,
            Fixtures.url("node-duplistatus-collect-downloaded-file.example.json").path,
        ]
        let first = try ServerProcess.run(["import", "--url", url] + files)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("6 reports: stored 4, duplicate 0, ignored 1, rejected 1"), first.stdout)
        XCTAssertTrue(first.stdout.contains("The report is form-encoded"), first.stdout)
        let second = try ServerProcess.run(["import", "--url", url] + files)
        XCTAssertTrue(second.stdout.contains("6 reports: stored 0, duplicate 4, ignored 1, rejected 1"), second.stdout)

        // A report of Duplicati before 2.0.8 is named by the flags, which become the upload URL's query.
        let legacy = Fixtures.url("synthetic-backup-success-2.0.7.1-no-machine-id.json").path
        let named = try ServerProcess.run(["import", "--url", url, "--server-name", "office nas", "--backup-name", "Documents", legacy])
        XCTAssertTrue(named.stdout.contains("stored 1"), named.stdout + named.stderr)

        let unreachable = try ServerProcess.run(["import", "--url", "http://127.0.0.1:1", files[0]])
        XCTAssertEqual(unreachable.status, 1)
        XCTAssertTrue(unreachable.stderr.contains("cannot reach http://127.0.0.1:1"), unreachable.stderr)
    }
}

extension ImportTests {
    func testWithURLTheUploadTokenIsSentAndItsAbsenceStopsTheImport() throws {
        let token = "import-token-0123456789"
        let server = try ServerProcess(dataDirectory: dataDirectory, environment: ["DUPLISTATUS_UPLOAD_TOKEN": token])
        defer { server.stop() }
        let url = server.baseURL.absoluteString
        let report = Fixtures.url("synthetic-backup-success-2.1.0.5.json").path
        let refused = try ServerProcess.run(["import", "--url", url, report])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("needs its upload token"), refused.stderr)
        let tokenFile = dataDirectory + "-upload-token"
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let sent = try ServerProcess.run(["import", "--url", url, "--upload-token-file", tokenFile, report])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        XCTAssertTrue(sent.stdout.contains("1 report: stored 1"), sent.stdout)
    }
}
