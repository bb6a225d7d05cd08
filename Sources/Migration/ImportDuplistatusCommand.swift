import ArgumentParser
import FlatStore
import Server

/// `duplistatus import-duplistatus PATH/backups.db`: migrates a Node duplistatus database into a
/// stopped server's data directory.
package struct ImportDuplistatusCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    package static let configuration = CommandConfiguration(
        commandName: "import-duplistatus",
        abstract: "Import the database of the Node duplistatus (backups.db) into a stopped server's data directory.",
        discussion: """
            Reads every schema from v0.4.0 to 1.x, read-only. Imports the servers (name, alias, note, \
            URL) and every backup run with its messages, warnings, errors and available versions; a run \
            already stored is a duplicate, so running it twice stores nothing new. The configuration is \
            read and listed; what this version cannot store yet is named in the summary. Passwords \
            (Duplicati servers, e-mail), users, sessions and the audit log are not imported.
            """
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// The database file.
    @Argument(help: "The Node duplistatus database, e.g. /app/data/backups.db.")
    var database: String

    /// The runs read and stored per round.
    static let batchSize = 500

    /// The command as the argument parser creates it.
    package init() {}

    /// Reads the database, imports it, prints the summary.
    package func run() async throws {
        let report = try await CommandFailure.reporting {
            let source = try await DuplistatusDatabase.open(database)
            var options = StoreOptions.duplistatus(directory: data.resolved(environment: ProcessEnvironment.current))
            options.backgroundMaintenance = false
            options.logger.logLevel = .warning
            // Re-running the import repairs a crash, so the log is flushed each second and at close.
            options.fsync = .everysec
            let store: FlatStore
            do {
                store = try FlatStore.open(options, schema: .duplistatus)
            } catch {
                await source.close()
                throw error
            }
            defer { store.closeBlocking() }
            let report = try await Self.migrate(source, into: store)
            await source.close()
            return report
        }
        print(report.rendered)
    }

    /// Imports everything `source` holds into `store`, and reports it.
    package static func migrate(_ source: DuplistatusDatabase, into store: FlatStore) async throws -> LegacyImportReport {
        var report = LegacyImportReport()
        report.schema = try await source.schemaDescription()
        report.tables = source.tables
        let importer = LegacyImport(store: store)
        let servers = try await source.servers()
        try await importer.importServers(servers, into: &report)
        report.settings = LegacySettings(configurations: try await source.configurations(), servers: servers)
        let names = Dictionary(servers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let serversBefore = importer.serverCount
        let total = source.tables["backups"] ?? 0
        let progress = ProgressLine()
        var after: Int64 = .min
        while true {
            let batch = try await source.runs(after: after, limit: batchSize)
            if batch.rows.isEmpty { break }
            try await importer.importRuns(batch.rows, serverNames: names, into: &report)
            after = batch.last
            progress.show("runs \(report.runsStored + report.runsDuplicate + report.problems.count)/\(total)")
        }
        progress.finish()
        report.serversCreatedForRuns = max(0, importer.serverCount - serversBefore)
        try await importer.importSettings(into: &report)
        return report
    }
}
