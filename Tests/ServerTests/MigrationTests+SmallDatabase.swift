import FlatStore
import Foundation
import Migration
import SQLiteNIO
import XCTest

@testable import Server

/// A database in the 0.8 schema plus the 1.x tables (`users`, `sessions`, `audit_log`), built here so
/// the migration is tested on every checkout, with the sample databases absent too.
extension MigrationTests {
    /// The tables of duplistatus 0.8.21 (servers, backups, configurations, db_version), trimmed to the
    /// columns the rows below set (the others default as in the original DDL), and those 1.x added.
    static let schema = [
        """
        CREATE TABLE servers (id TEXT PRIMARY KEY, name TEXT NOT NULL, server_url TEXT DEFAULT '', alias TEXT DEFAULT '',
          note TEXT DEFAULT '', server_password TEXT DEFAULT '', created_at DATETIME DEFAULT CURRENT_TIMESTAMP)
        """,
        """
        CREATE TABLE backups (id TEXT PRIMARY KEY, server_id TEXT NOT NULL, backup_name TEXT NOT NULL, backup_id TEXT NOT NULL,
          date DATETIME NOT NULL, status TEXT NOT NULL, duration_seconds INTEGER NOT NULL, size INTEGER NOT NULL DEFAULT 0,
          uploaded_size INTEGER NOT NULL DEFAULT 0, examined_files INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
          errors INTEGER NOT NULL DEFAULT 0, created_at DATETIME DEFAULT CURRENT_TIMESTAMP, messages_array TEXT DEFAULT '[]',
          warnings_array TEXT DEFAULT '[]', errors_array TEXT DEFAULT '[]', available_backups TEXT DEFAULT '[]',
          added_files INTEGER NOT NULL DEFAULT 0, main_operation TEXT NOT NULL, parsed_result TEXT NOT NULL,
          interrupted BOOLEAN NOT NULL DEFAULT 0, version TEXT, begin_time DATETIME NOT NULL, end_time DATETIME NOT NULL,
          warnings_actual_length INTEGER NOT NULL DEFAULT 0, errors_actual_length INTEGER NOT NULL DEFAULT 0,
          messages_actual_length INTEGER NOT NULL DEFAULT 0, known_file_size INTEGER NOT NULL DEFAULT 0, last_backup_date DATETIME,
          backup_list_count INTEGER NOT NULL DEFAULT 0, backend_duration TEXT, FOREIGN KEY (server_id) REFERENCES servers(id))
        """,
        "CREATE TABLE configurations (key TEXT PRIMARY KEY NOT NULL, value TEXT)",
        "CREATE TABLE db_version (version TEXT PRIMARY KEY, applied_at DATETIME DEFAULT CURRENT_TIMESTAMP)",
        "CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL, password_hash TEXT NOT NULL)",
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at DATETIME NOT NULL)",
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL)",
    ]

    /// The machine and job of `synthetic-backup-success-2.1.0.5.json`, whose run the database holds.
    static let nasId = "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f"

    /// Builds the database at `path`.
    static func buildSmallDatabase(_ path: String) async throws {
        let sql = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in schema { _ = try await sql.query(statement) }
        let warning =
            "2025-07-15 02:01:00 +00 - [Warning-Duplicati.Library.Main.Operation.Backup.FileBlockProcessor.FileEntry-PathProcessingFailed]: Failed to process path: /photos/locked.jpg"
        let info = "2025-07-15 02:00:01 +00 - [Information-Duplicati.Library.Main.Controller-StartingOperation]: The operation Backup has started"
        let statements: [(String, [SQLiteData])] = [
            ("INSERT INTO db_version (version) VALUES ('4.0')", []),
            (
                "INSERT INTO servers (id, name, server_url, alias, note, server_password, created_at) VALUES (?, 'NAS-HOME', 'http://nas:8200', 'Home NAS', 'in the attic', 'enc:0a1b', '2025-07-01 10:00:00')",
                [.text(nasId)]
            ),
            ("INSERT INTO servers (id, name) VALUES ('b0000000000000000000000000000002', 'OFFICE-PC')", []),
            (
                """
                INSERT INTO backups (id, server_id, backup_name, backup_id, date, status, duration_seconds, size, uploaded_size,
                  examined_files, messages_array, available_backups, added_files, main_operation, parsed_result, version, begin_time,
                  end_time, messages_actual_length, known_file_size, backup_list_count, backend_duration, created_at)
                VALUES ('row-1', ?, 'Documents', 'DB-1', '2025-07-14T02:00:00.123Z', 'Success', 125, 5000, 700, 42, ?,
                  '["2025-07-13T02:00:00.000Z","2025-07-14T02:00:00.123Z"]', 3, 'Backup', 'Success',
                  '2.1.0.5 (2.1.0.5_stable_2025-03-04)', '2025-07-14T02:00:00.123Z', '2025-07-14T02:02:05.456Z', 1, 90000, 2,
                  '00:02:05', '2025-07-14 02:02:06')
                """,
                [.text(nasId), .text("[\"\(info)\"]")]
            ),
            (
                """
                INSERT INTO backups (id, server_id, backup_name, backup_id, date, status, duration_seconds, messages_array,
                  warnings_array, main_operation, parsed_result, begin_time, end_time, warnings, warnings_actual_length,
                  messages_actual_length)
                VALUES ('row-2', ?, 'Photos', 'DB-2', '2025-07-15T02:00:00.000Z', 'Warning', 60, ?, ?, 'Backup', 'Success',
                  '2025-07-15T02:00:00.000Z', '2025-07-15T02:01:00.000Z', 1, 1, 2)
                """,
                [.text(nasId), .text("[\"\(info)\",\"\(warning)\"]"), .text("[\"\(warning)\"]")]
            ),
            (
                """
                INSERT INTO backups (id, server_id, backup_name, backup_id, date, status, duration_seconds, main_operation,
                  parsed_result, begin_time, end_time) VALUES ('row-3', ?, 'Photos', 'DB-2', 'yesterday', 'Success', 1, 'Backup',
                  'Success', 'yesterday', 'yesterday')
                """,
                [.text(nasId)]
            ),
            ("INSERT INTO configurations VALUES ('overdue_tolerance', '\"2h\"'), ('notification_frequency', '\"every_week\"')", []),
            ("INSERT INTO configurations VALUES ('ntfy_config', '{\"url\":\"https://ntfy.example/\",\"topic\":\"t1\",\"accessToken\":\"tk\"}')", []),
            (
                "INSERT INTO configurations VALUES ('notification_templates', '{\"success\":{\"title\":\"ok {backup_name}\",\"message\":\"m\",\"priority\":\"default\",\"tags\":\"a\"}}')",
                []
            ),
            (
                "INSERT INTO configurations VALUES ('email_config', '{\"host\":\"smtp.example\",\"port\":587,\"username\":\"u\",\"password\":\"enc:ff\",\"mailto\":\"me@example\"}')",
                []
            ),
            (
                "INSERT INTO configurations VALUES ('backup_settings', ?)",
                [
                    .text(
                        "{\"\(nasId):Documents\":{\"notificationEvent\":\"all\",\"overdueBackupCheckEnabled\":true,\"expectedInterval\":\"1D\",\"allowedWeekDays\":[1,2,3],\"time\":\"2025-07-01T02:00:00.000Z\",\"ntfyEnabled\":true,\"emailEnabled\":false},\"GONE-PC:Docs\":{\"expectedInterval\":1,\"intervalUnit\":\"day\"}}"
                    )
                ]
            ),
            ("INSERT INTO configurations VALUES ('theme', 'dark')", []),
            ("INSERT INTO users VALUES ('u1', 'admin', 'hash')", []),
            ("INSERT INTO sessions VALUES ('s1', 'u1', '2030-01-01'), ('s2', 'u1', '2030-01-02')", []),
            ("INSERT INTO audit_log (action) VALUES ('login'), ('logout'), ('login')", []),
        ]
        for (statement, binds) in statements { _ = try await sql.query(statement, binds) }
        try await sql.close()
    }

    func testASmallDatabaseInThe08SchemaMigratesWhole() async throws {
        let path = dataDirectory + "-source.db"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try await Self.buildSmallDatabase(path)

        let report = try await migrate(path)
        XCTAssertEqual(report.tables, ["servers": 2, "backups": 3, "configurations": 7, "db_version": 1, "users": 1, "sessions": 2, "audit_log": 3])
        XCTAssertEqual(report.schema, "db_version 4.0 (duplistatus 1.x)")
        XCTAssertEqual(report.serversCreated, 2)
        XCTAssertEqual(report.runsStored, 2)
        XCTAssertEqual(report.problems, ["backups row row-3: begin_time 'yesterday' is not a date"])
        let text = report.rendered
        for expected in [
            "runs: stored 2, duplicate 0, not mapped 1", "not imported: audit_log (3 rows), sessions (2 rows), users (1 rows)",
            "not imported: the e-mail password", "Duplicati passwords of 1 servers", "overdue tolerance (2h)",
            "notification frequency (every_week)", "ntfy (https://ntfy.example/ topic t1)", "notification templates (success)",
            "per-job backup settings (1 jobs)", "backup settings of unknown servers: GONE-PC:Docs", "configuration keys theme",
        ] {
            XCTAssertTrue(text.contains(expected), "missing '\(expected)' in:\n\(text)")
        }
        XCTAssertEqual(report.settings.email?.hadPassword, true)
        XCTAssertNil(report.settings.email?.fields["password"])
        XCTAssertEqual(report.settings.jobs.first?.allowedWeekDays, [1, 2, 3])
        XCTAssertEqual(report.settings.ntfy?.accessToken, "tk")

        try withBackups { backups in
            let nas = try XCTUnwrap(backups.server(Self.nasId))
            XCTAssertEqual([nas.name, nas.alias, nas.note, nas.serverUrl], ["NAS-HOME", "Home NAS", "in the attic", "http://nas:8200"])
            XCTAssertNotNil(backups.server("OFFICE-PC"), "a server without runs is imported too")
            let begin = try XCTUnwrap(ReportTimestamp.parseISO("2025-07-14T02:00:00.123Z")).epochMilliseconds
            let documents = try XCTUnwrap(try backups.runWithLogs(RunIdentity.runId(serverId: Self.nasId, backupName: "Documents", beginTime: begin)))
            XCTAssertEqual(documents.durationSeconds, 125)
            XCTAssertEqual(documents.storageSize, 90000)
            XCTAssertEqual(documents.versions, 2)
            XCTAssertEqual(documents.availableVersions.count, 2)
            XCTAssertEqual(documents.duplicatiVersion, "2.1.0.5_stable_2025-03-04")
            XCTAssertEqual(documents.logs.messages.count, 1)
            let photos = try XCTUnwrap(backups.jobs(serverId: Self.nasId, now: begin).first { $0.backupName == "Photos" })
            let photosRun = try XCTUnwrap(try backups.runWithLogs(photos.lastRunId))
            XCTAssertEqual(photosRun.status, .warning)
            // The warning sat in both arrays (the Node version kept LogLines as messages): stored once.
            XCTAssertEqual(photosRun.logs.warnings.count, 1)
            XCTAssertEqual(photosRun.logs.messages.count, 1)
        }

        let again = try await migrate(path)
        XCTAssertEqual([again.runsStored, again.runsDuplicate, again.serversUnchanged], [0, 2, 2])

        // The run id rule is the upload's: the same report uploaded later is a duplicate.
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: dataDirectory), schema: .duplistatus)
        defer { store.closeBlocking() }
        // Nothing at all is written by a migration that finds everything stored.
        let logBytes = store.statistics().logBytes
        let source = try await DuplistatusDatabase.open(path)
        let third = try await ImportDuplistatusCommand.migrate(source, into: store)
        await source.close()
        XCTAssertEqual(third.runsDuplicate, 2)
        XCTAssertEqual(store.statistics().logBytes, logBytes, "a repeated migration wrote to the store")

        let intake = ReportIntake(backups: BackupStore(store: store), clock: SystemClock())
        let outcome = try await intake.receive(body: try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"), contentType: nil, naming: .none)
        guard case .duplicate = outcome else { return XCTFail("the uploaded report was not a duplicate: \(outcome)") }
    }
}
