/// What a migration read and did, printed as its summary.
package struct LegacyImportReport: Sendable {
    /// The schema the database was recognised as ("0.8 (servers, db_version 3.1)").
    package var schema = ""
    /// Rows per table of the database, by table name.
    package var tables: [String: Int] = [:]
    package var serversCreated = 0
    package var serversUpdated = 0
    package var serversUnchanged = 0
    /// Servers whose Duplicati password the database held (not imported).
    package var serversWithPassword = 0
    package var runsStored = 0
    package var runsDuplicate = 0
    /// Rows that could not be mapped, with the reason.
    package var problems: [String] = []
    /// The configuration as read, less what was imported.
    package var settings = LegacySettings()
    /// Jobs whose backup settings were imported.
    package var settingsImported = 0
    /// Configuration sections imported ("ntfy", …).
    package var sectionsImported: [String] = []
    /// Jobs whose backup settings were already set here, and left as they are.
    package var settingsKept = 0
    /// Configuration sections already set here, and left as they are.
    package var sectionsKept: [String] = []
    /// Servers created for runs whose server row is missing from the database.
    package var serversCreatedForRuns = 0

    /// An empty report.
    package init() {}

    /// Tables read for data; every other table is named as not imported.
    static let importedTables: Set<String> = ["servers", "machines", "backups", "configurations", "db_version"]

    /// The summary: counts per table, what was stored, and everything not imported, with why.
    package var rendered: String {
        var lines = ["database schema: \(schema)"]
        lines.append("tables: " + tables.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        var servers = "servers: created \(serversCreated), updated \(serversUpdated), unchanged \(serversUnchanged)"
        if serversCreatedForRuns > 0 { servers += "; created for runs whose server row is missing: \(serversCreatedForRuns)" }
        lines.append(servers)
        lines.append("runs: stored \(runsStored), duplicate \(runsDuplicate), not mapped \(problems.count)")
        lines += problems.map { "  not mapped: \($0)" }
        var imported = sectionsImported
        if settingsImported > 0 { imported.insert("backup settings of \(settingsImported) jobs", at: 0) }
        if !imported.isEmpty { lines.append("settings imported: " + imported.joined(separator: "; ")) }
        var kept = sectionsKept
        if settingsKept > 0 { kept.insert("backup settings of \(settingsKept) jobs", at: 0) }
        if !kept.isEmpty { lines.append("settings already set here, left as they are: " + kept.joined(separator: "; ")) }
        let notYet = settings.notImportedYet
        if !notYet.isEmpty {
            lines.append("not imported yet (this version has no home for them; the values were read): " + notYet.joined(separator: "; "))
        }
        if let email = settings.email, email.hadPassword {
            lines.append("not imported: the e-mail password (the Node version encrypted it with a key outside the database); enter it again")
        }
        if serversWithPassword > 0 {
            lines.append("not imported: the Duplicati passwords of \(serversWithPassword) servers (encrypted outside the database); enter them again")
        }
        let skipped = tables.keys.filter { !Self.importedTables.contains($0) }.sorted()
        if !skipped.isEmpty {
            lines.append(
                "not imported: " + skipped.map { "\($0) (\(tables[$0] ?? 0) rows)" }.joined(separator: ", ")
                    + " — users, sessions and the audit log do not carry over"
            )
        }
        if !settings.unmatchedJobKeys.isEmpty {
            lines.append("not mapped: backup settings of unknown servers: " + settings.unmatchedJobKeys.joined(separator: ", "))
        }
        if !settings.unknownKeys.isEmpty { lines.append("not mapped: configuration keys " + settings.unknownKeys.joined(separator: ", ")) }
        if !settings.unreadableKeys.isEmpty {
            lines.append("not mapped: unreadable configuration values of " + settings.unreadableKeys.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
