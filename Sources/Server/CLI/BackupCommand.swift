import ArgumentParser
import FlatStore

/// `duplistatus backup --out DIR`: an exact copy of the data directory, also while a server runs.
struct BackupCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the data directory into a new one, also while the server runs.",
        discussion: """
            The copy holds everything written before the command started. Files that never change \
            again are hard-linked when the new directory is on the same file system, so the copy is \
            instant at any size; otherwise they are copied. Start a server on the copy, or verify it, \
            like any data directory.
            """
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// Where the copy goes.
    @Option(help: "The new directory (it must not exist; the copy is made in <DIR>.partial, then renamed).")
    var out: String

    /// Copies and prints what it did.
    func run() async throws {
        try await CommandFailure.reporting {
            let source = StoreOptions.duplistatus(directory: try data.existing(environment: ProcessEnvironment.current))
            let report = try FlatStore.backup(source, toDirectory: out)
            print(
                "backed up \(source.directory) to \(out): \(report.files.count) files, "
                    + "\(report.linked) hard-linked, \(report.copiedBytes) bytes copied"
            )
        }
    }
}
