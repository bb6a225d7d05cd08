import FoundationEssentials
import Logging
import SQLiteNIO
import Server

/// A Node duplistatus database (`backups.db`), opened read-only with the SQLite built into this
/// binary: no `sqlite3` command or system library is needed on the NAS.
package struct DuplistatusDatabase: Sendable {
    /// The database is missing or is not one the Node duplistatus wrote.
    struct Unusable: Error, CustomStringConvertible {
        /// One sentence for stderr.
        let description: String
    }

    /// The open connection.
    package let connection: SQLiteConnection
    /// Every table and its row count.
    package let tables: [String: Int]

    /// Opens `path` read-only and counts its tables; refuses a file that is not a duplistatus database.
    package static func open(_ path: String) async throws -> DuplistatusDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Unusable(description: "'\(path)' does not exist; name the backups.db of the Node duplistatus")
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: readOnlyURI(path)), logger: Logger(label: "migration"))
        do {
            var tables: [String: Int] = [:]
            let names = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", [])
            for name in names.compactMap({ $0.column("name")?.string }) {
                let quoted = "\"" + name.replacing("\"", with: "\"\"") + "\""
                let count = try await connection.query("SELECT COUNT(*) AS n FROM \(quoted)", []).first?.column("n")?.integer
                tables[name] = Int(count ?? 0)
            }
            guard tables["backups"] != nil, tables["servers"] != nil || tables["machines"] != nil else {
                throw Unusable(description: "'\(path)' has no backups and servers (or machines) tables; it is not a duplistatus database")
            }
            // A damaged page found halfway through would leave half an import: every page is read
            // once before anything is written.
            let check = try await connection.query("PRAGMA quick_check(5)", []).compactMap { $0.columns.first?.data.string }
            guard check == ["ok"] else {
                throw Unusable(
                    description: "'\(path)' is damaged (SQLite's check: \(check.joined(separator: "; "))); nothing was imported. "
                        + "Copy it again from the Node duplistatus, or repair it with sqlite3's .recover"
                )
            }
            return DuplistatusDatabase(connection: connection, tables: tables)
        } catch let error as Unusable {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw Unusable(description: "'\(path)' cannot be read as an SQLite database (\(error))")
        }
    }

    /// A `file:` URI that opens `path` read-only, with the characters URIs reserve escaped.
    static func readOnlyURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?mode=ro"
    }

    /// The schema in words: the `db_version` and the release that wrote it.
    func schemaDescription() async throws -> String {
        guard tables["db_version"] != nil else { return "no db_version (duplistatus v0.4 or v0.5, machines table)" }
        let versions = try await connection.query("SELECT version FROM db_version", []).compactMap { $0.column("version")?.string }
        // The releases whose migrations wrote each version (the samples and the 1.x "schema v4.0").
        let releases = ["2.0": "duplistatus 0.6", "3.0": "duplistatus 0.7", "3.1": "duplistatus 0.8", "4.0": "duplistatus 1.x"]
        let newest =
            versions.max {
                $0.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes($1.split(separator: ".").compactMap { Int($0) })
            } ?? "?"
        return "db_version \(newest) (\(releases[newest] ?? "an unknown release; read as the newest known"))"
    }

    /// The servers (or, before 0.7, machines).
    func servers() async throws -> [LegacyServer] {
        let table = tables["servers"] != nil ? "servers" : "machines"
        return try await rows("SELECT * FROM \(table) ORDER BY id", []).compactMap(LegacyServer.init(row:))
    }

    /// The configuration rows (key → value), empty before 0.6.
    func configurations() async throws -> [String: String] {
        guard tables["configurations"] != nil else { return [:] }
        var values: [String: String] = [:]
        for row in try await rows("SELECT key, value FROM configurations", []) {
            if let key = row.text("key") { values[key] = row.text("value") ?? "" }
        }
        return values
    }

    /// Up to `limit` rows of `backups` after `rowid` `after`, in rowid order, with the last rowid read.
    func runs(after: Int64, limit: Int) async throws -> (rows: [LegacyRow], last: Int64) {
        let result = try await connection.query(
            "SELECT rowid AS duplistatus_rowid, * FROM backups WHERE rowid > ? ORDER BY rowid LIMIT ?",
            [.integer(.init(after)), .integer(.init(limit))]
        )
        var last = after
        var rows: [LegacyRow] = []
        for row in result {
            var columns = Self.columns(row)
            if case .int(let rowid)? = columns.removeValue(forKey: "duplistatus_rowid") { last = rowid }
            rows.append(LegacyRow(columns))
        }
        return (rows, last)
    }

    /// Every row of a query as `LegacyRow`s.
    func rows(_ sql: String, _ binds: [SQLiteData]) async throws -> [LegacyRow] {
        try await connection.query(sql, binds).map { LegacyRow(Self.columns($0)) }
    }

    /// A row's values as JSON values; blobs (which duplistatus never wrote) become NULL.
    static func columns(_ row: SQLiteRow) -> [String: ReportJSON] {
        var columns: [String: ReportJSON] = [:]
        for column in row.columns {
            switch column.data {
            case .integer(let value): columns[column.name] = .int(Int64(value))
            case .float(let value): columns[column.name] = .double(value)
            case .text(let value): columns[column.name] = .string(value)
            case .blob, .null: columns[column.name] = .null
            }
        }
        return columns
    }

    /// Closes the connection.
    package func close() async {
        try? await connection.close()
    }
}
