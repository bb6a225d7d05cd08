import Foundation
import XCTest

@testable import Server

/// `duplistatus import-duplistatus` as a user runs it: the binary's summary, a second run, a file
/// that is not a database, and the refusal while a server holds the data directory.
extension MigrationTests {
    func testTheCommandMigratesTwiceAndRefusesWhileAServerRuns() async throws {
        let path = dataDirectory + "-source.db"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try await Self.buildSmallDatabase(path)

        let first = try ServerProcess.run(["import-duplistatus", "--data-dir", dataDirectory, path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("servers: created 2, updated 0, unchanged 0"), first.stdout)
        XCTAssertTrue(first.stdout.contains("runs: stored 2, duplicate 0, not mapped 1"), first.stdout)
        XCTAssertTrue(first.stdout.contains("not imported: audit_log (3 rows)"), first.stdout)
        let second = try ServerProcess.run(["import-duplistatus", "--data-dir", dataDirectory, path])
        XCTAssertTrue(second.stdout.contains("runs: stored 0, duplicate 2, not mapped 1"), second.stdout)
        XCTAssertTrue(second.stdout.contains("servers: created 0, updated 0, unchanged 2"), second.stdout)
        // The settings the first run stored are left as they are, and said to be, not listed as
        // having no home here.
        XCTAssertTrue(
            second.stdout.contains("left as they are: ")
                && second.stdout.contains("ntfy; notification templates; overdue tolerance and notification frequency"),
            second.stdout
        )
        XCTAssertFalse(second.stdout.contains("not imported yet (this version has no home for them; the values were read): ntfy"), second.stdout)

        let notADatabase = try ServerProcess.run([
            "import-duplistatus", "--data-dir", dataDirectory, Fixtures.url("synthetic-restore-2.1.0.5.json").path,
        ])
        XCTAssertEqual(notADatabase.status, 1)
        XCTAssertTrue(notADatabase.stderr.contains("cannot be read as an SQLite database"), notADatabase.stderr)

        // A damaged page is found before anything is written, and the message names the file.
        let damaged = dataDirectory + "-damaged.db"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: damaged) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: try samplePath("backups_0.8.21.db")))
        bytes.replaceSubrange(300_000..<304_096, with: Data(repeating: 0xFF, count: 4_096))
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let untouched = dataDirectory + "-untouched"
        let refusedDamaged = try ServerProcess.run(["import-duplistatus", "--data-dir", untouched, damaged])
        XCTAssertEqual(refusedDamaged.status, 1, refusedDamaged.stdout)
        XCTAssertTrue(refusedDamaged.stderr.contains("'\(damaged)' is damaged"), refusedDamaged.stderr)
        XCTAssertTrue(refusedDamaged.stderr.contains("nothing was imported"), refusedDamaged.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: untouched), "a refused import made the data directory")

        let server = try ServerProcess(dataDirectory: dataDirectory)
        defer { server.stop() }
        let refused = try ServerProcess.run(["import-duplistatus", "--data-dir", dataDirectory, path])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("in use"), refused.stderr)
    }
}
