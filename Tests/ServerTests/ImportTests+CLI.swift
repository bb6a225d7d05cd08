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
        XCTAssertTrue(second.stdout.contains("1 reports: stored 0, duplicate 1"), second.stdout)

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
