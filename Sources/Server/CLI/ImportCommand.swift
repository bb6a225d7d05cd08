import ArgumentParser
import FlatStore
import FoundationEssentials
import Logging

/// `duplistatus import PATH...`: stores Duplicati report files in a stopped server's data directory,
/// through the same parsing and storing as `POST /api/upload`.
struct ImportCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Duplicati JSON report files into a stopped server's data directory (exit 2 if it is in use).",
        discussion: """
            Each PATH is a report file (the body Duplicati sends with \
            --send-http-result-output-format=Json), a file saved by the collect's downloadJson option \
            (every backup in its job logs), or a directory, whose *.json files are read, subdirectories \
            included. Reports go through the same checks as POST /api/upload: a run already stored is \
            a duplicate and is skipped, other operations than backups are ignored, and a report that \
            cannot be used is rejected with the reason. No notification is sent. With --url the \
            reports are posted to a running server's /api/upload instead.
            """
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// The files and directories to read.
    @Argument(help: "Report files, collected downloadJson files, or directories of them.")
    var paths: [String]
    /// The upload URL's `serverName`.
    @Option(help: "The machine's name, for reports of Duplicati before 2.0.8 (the upload URL's serverName).")
    var serverName: String?
    /// The upload URL's `serverId`.
    @Option(help: "The machine's id, for reports without machine-id (the upload URL's serverId).")
    var serverId: String?
    /// The upload URL's `backupName`.
    @Option(help: "The job's name, for reports without backup-name (the upload URL's backupName).")
    var backupName: String?

    /// A running server to post the reports to.
    @Option(help: "Post the reports to this running server instead (e.g. http://nas:9666); --data-dir is then not used.")
    var url: String?

    /// The file holding the server's upload token, if given.
    @Option(
        help: """
            With --url: a file whose first line is the server's upload token \
            (env DUPLISTATUS_UPLOAD_TOKEN_FILE, or DUPLISTATUS_UPLOAD_TOKEN itself).
            """
    )
    var uploadTokenFile: String?

    /// Refuses a server id the upload URL would refuse, and a URL that is not http(s).
    func validate() throws {
        if let url, UploadClient(url: url) == nil { throw ValidationError("--url must be an http:// or https:// address") }
        if url != nil, data.dataDirectory != nil { throw ValidationError("--url and --data-dir exclude each other") }
        if let serverId, let problem = RunIdentity.serverIdProblem(serverId) {
            throw ValidationError("--server-id \(problem)")
        }
    }

    /// Imports every file (into the data directory, or through `--url`) and prints the summary;
    /// exits 1 when a path cannot be read, the server cannot be reached, or every report was
    /// rejected (a script must see that nothing was imported).
    func run() async throws {
        let summary = try await CommandFailure.reporting {
            let files = try ReportFiles.expand(paths)
            let naming = UploadNaming(serverName: serverName, serverId: serverId, backupName: backupName)
            if let url, var client = UploadClient(url: url) {
                client.uploadToken = try SecretSource.uploadToken(file: uploadTokenFile, environment: ProcessEnvironment.current)
                try await client.check()
                return try await Self.importFiles(files, into: ReportFileImport(receiver: client, naming: naming))
            }
            var options = StoreOptions.duplistatus(directory: data.resolved(environment: ProcessEnvironment.current))
            options.backgroundMaintenance = false
            options.logger.logLevel = .warning
            // An import is idempotent, so re-running it repairs a crash: flush each second and at close.
            options.fsync = .everysec
            let store = try FlatStore.open(options, schema: .duplistatus)
            defer { store.closeBlocking() }
            let intake = ReportIntake(backups: BackupStore(store: store), clock: SystemClock())
            return try await Self.importFiles(files, into: ReportFileImport(receiver: intake, naming: naming))
        }
        print(summary.rendered)
        if !summary.rejected.isEmpty && summary.rejected.count == summary.total { throw ExitCode.failure }
    }

    /// Imports `files` one by one with a progress line.
    static func importFiles(_ files: [String], into importer: ReportFileImport) async throws -> ImportSummary {
        var summary = ImportSummary()
        let progress = ProgressLine()
        for (index, file) in files.enumerated() {
            try await importer.importFile(try ReportFiles.read(file), source: file, into: &summary)
            progress.show("imported \(index + 1)/\(files.count) files: \(summary.counts)")
        }
        progress.finish()
        return summary
    }
}
