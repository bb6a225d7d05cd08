import FlatStore
import Foundation
import Migration
import SQLiteNIO
import XCTest

@testable import Server

/// `duplistatus import-duplistatus`: each sample database of the Node duplistatus (v0.4.0 to 0.8.21)
/// gives the servers and runs `SELECT COUNT(*)` counts, with the rows' figures, and a second run
/// changes nothing.
final class MigrationTests: XCTestCase {
    /// The data directory of this test.
    var dataDirectory = ""

    override func setUp() {
        dataDirectory = TestDataDirectory.make("migration", for: self)
    }

    /// The sample databases, in `../shared/samples/duplistatus-sqlite`.
    static let samples = ["backups_v0.4.0.db", "backups_v0.5.0.db", "backups_v0.6.1.db", "backups_0.7.27.db", "backups_0.8.21.db"]

    /// The path of a sample database, or a skip that says the folder is missing.
    func samplePath(_ name: String) throws -> String {
        let url = Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplistatus-sqlite/\(name)").standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip(
                "../shared/samples/duplistatus-sqlite/\(name) is absent beside the checkout; the sample databases are not in the repository"
            )
        }
        return url.path
    }

    /// Migrates `path` into the test's data directory and returns the report.
    func migrate(_ path: String) async throws -> LegacyImportReport {
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: dataDirectory), schema: .duplistatus)
        defer { store.closeBlocking() }
        let source = try await DuplistatusDatabase.open(path)
        let report = try await ImportDuplistatusCommand.migrate(source, into: store)
        await source.close()
        return report
    }

    /// Runs `body` on the store of the test's data directory.
    func withBackups<Result>(_ body: (BackupStore) throws -> Result) throws -> Result {
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: dataDirectory), schema: .duplistatus)
        defer { store.closeBlocking() }
        return try body(BackupStore(store: store))
    }

    func testEachSampleDatabaseGivesItsCountsAndFigures() async throws {
        for name in Self.samples {
            dataDirectory = TestDataDirectory.make("migration-\(name)", for: self)
            let path = try samplePath(name)
            let sql = try await SQLiteConnection.open(storage: .file(path: path))
            let serverTable = try await sql.query("SELECT name FROM sqlite_master WHERE name = 'servers'").isEmpty ? "machines" : "servers"
            let servers = try await Self.count(sql, "SELECT COUNT(*) AS n FROM \(serverTable)")
            let runs = try await Self.count(sql, "SELECT COUNT(*) AS n FROM backups")
            let sample = try await sql.query("SELECT * FROM backups WHERE rowid % 37 = 1")
            try await sql.close()

            let report = try await migrate(path)
            XCTAssertEqual(report.serversCreated, servers, "\(name)\n\(report.rendered)")
            XCTAssertEqual(report.runsStored, runs, "\(name)\n\(report.rendered)")
            XCTAssertEqual(report.problems, [], name)
            try withBackups { backups in
                XCTAssertEqual(backups.servers().count, servers, name)
                XCTAssertEqual(backups.store.read { $0.count(ParsedRun.self) }, runs, name)
                XCTAssertFalse(sample.isEmpty)
                for row in sample { try Self.assertRun(row, in: backups, database: name) }
            }

            let again = try await migrate(path)
            XCTAssertEqual(again.runsStored, 0, name)
            XCTAssertEqual(again.runsDuplicate, runs, name)
            XCTAssertEqual(again.serversCreated + again.serversUpdated, 0, name)
            XCTAssertEqual(again.serversUnchanged, servers, name)
        }
    }

    func testTheSettingsOfEachSchemaAreRead() async throws {
        let newest = try await migrate(try samplePath("backups_0.8.21.db"))
        XCTAssertEqual(newest.settings.overdueTolerance, "1h")
        XCTAssertEqual(newest.settings.notificationFrequency, "every_day")
        XCTAssertEqual(newest.settings.ntfy?.url, "https://ntfy.sh/")
        XCTAssertFalse(newest.settings.templates.isEmpty)
        XCTAssertFalse(newest.settings.jobs.isEmpty)
        XCTAssertTrue(newest.settings.jobs.allSatisfy { !$0.keyedByName && $0.expectedInterval == "1D" })
        XCTAssertEqual(newest.settings.unmatchedJobKeys, [])
        XCTAssertTrue(newest.rendered.contains("not imported yet"), newest.rendered)
        XCTAssertTrue(newest.rendered.contains("per-job backup settings"), newest.rendered)

        dataDirectory = TestDataDirectory.make("migration-0.6", for: self)
        let old = try await migrate(try samplePath("backups_v0.6.1.db"))
        XCTAssertNotNil(old.settings.ntfy)
        XCTAssertFalse(old.settings.templates.isEmpty)
        // 0.6 keyed jobs by machine name; those of machines in the database resolve to their ids.
        XCTAssertTrue(old.settings.jobs.allSatisfy { $0.keyedByName && $0.expectedInterval == "1 day" }, "\(old.settings.jobs)")
        XCTAssertEqual(old.settings.jobs.count + old.settings.unmatchedJobKeys.count, 6)
    }

    /// The single integer a `SELECT COUNT(*) AS n` answers.
    static func count(_ sql: SQLiteConnection, _ query: String) async throws -> Int {
        Int(try await sql.query(query).first?.column("n")?.integer ?? -1)
    }

    /// Compares the stored run of a database row with the row's key figures.
    static func assertRun(_ row: SQLiteRow, in backups: BackupStore, database: String) throws {
        func text(_ column: String) -> String? { row.column(column)?.string }
        func int(_ column: String) -> Int64 { Int64(row.column(column)?.integer ?? -1) }
        let server = try XCTUnwrap(text("server_id") ?? text("machine_id"))
        let name = try XCTUnwrap(text("backup_name"))
        let begin = try XCTUnwrap(ReportTimestamp.parseISO(try XCTUnwrap(text("begin_time")))).epochMilliseconds
        let id = RunIdentity.runId(serverId: server, backupName: name, beginTime: begin)
        let run = try XCTUnwrap(try backups.runWithLogs(id), "\(database): no run for row \(text("id") ?? "")")
        let context = "\(database) row \(text("id") ?? "")"
        XCTAssertEqual(run.serverId, server, context)
        XCTAssertEqual(run.backupName, name, context)
        XCTAssertEqual(run.status.rawValue, text("status"), context)
        XCTAssertEqual(run.endTime, ReportTimestamp.parseISO(text("end_time") ?? "")?.epochMilliseconds, context)
        XCTAssertEqual(run.durationSeconds, row.column("duration_seconds")?.double, context)
        XCTAssertEqual(run.fileCount, int("examined_files"), context)
        XCTAssertEqual(run.fileSize, int("size"), context)
        XCTAssertEqual(run.uploadedSize, int("uploaded_size"), context)
        XCTAssertEqual(run.storageSize, int("known_file_size"), context)
        XCTAssertEqual(run.versions, int("backup_list_count"), context)
        XCTAssertEqual(run.warnings, int("warnings"), context)
        XCTAssertEqual(run.errors, int("errors"), context)
        XCTAssertEqual(run.messages, int("messages_actual_length"), context)
        XCTAssertEqual(run.files.added, int("added_files"), context)
        XCTAssertEqual(run.files.deleted, int("deleted_files"), context)
        XCTAssertEqual(run.duplicatiBackupId, text("backup_id"), context)
        let messages = try JSONSerialization.jsonObject(with: Data((text("messages_array") ?? "[]").utf8)) as? [String] ?? []
        let warnings = try JSONSerialization.jsonObject(with: Data((text("warnings_array") ?? "[]").utf8)) as? [String] ?? []
        let errors = try JSONSerialization.jsonObject(with: Data((text("errors_array") ?? "[]").utf8)) as? [String] ?? []
        XCTAssertEqual(Set(run.logs.messages + run.logs.warnings + run.logs.errors), Set(messages + warnings + errors), context)
        if let available = text("available_backups") {
            let times = try JSONSerialization.jsonObject(with: Data(available.utf8)) as? [String] ?? []
            XCTAssertEqual(run.availableVersions, times.compactMap { ReportTimestamp.parseISO($0)?.epochMilliseconds }.sorted(by: >), context)
        }
    }
}
