import ArgumentParser
import FlatStore
import FoundationEssentials

/// `duplistatus backup --out DIR|FILE.tar.gz`: an exact copy of the data directory, also while the
/// server runs.
struct BackupCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the data directory into a new directory or a .tar.gz archive, also while the server runs.",
        discussion: """
            The copy holds everything written before the command started. Files that never change \
            again are hard-linked when the copy is on the same file system, so it takes no time at any \
            size; otherwise they are copied. A directory is made as <DIR>.partial and renamed when \
            complete; an archive (--out ending in .tar.gz or .tgz) is written the same way, and \
            `duplistatus restore FILE` (or tar xzf) puts it back.
            """
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// Where the copy goes.
    @Option(help: "The new directory, or a file ending in .tar.gz or .tgz (it must not exist).")
    var out: String

    /// Copies and prints what it did.
    func run() async throws {
        try await CommandFailure.reporting {
            let source = StoreOptions.duplistatus(directory: try data.existing(environment: ProcessEnvironment.current))
            do {
                try await copy(source)
            } catch StoreError.io(let failure) {
                // The file an error names may be the source's or the copy's: say where the copy went.
                throw BackupFailure(out: out, reason: failure.description)
            } catch let failure as FileSystemError {
                throw BackupFailure(out: out, reason: failure.description)
            }
        }
    }

    /// Makes the copy or the archive.
    private func copy(_ source: StoreOptions) async throws {
        guard ArchiveFile.isArchive(out) else {
            let report = try FlatStore.backup(source, toDirectory: out)
            print(
                "backed up \(source.directory) to \(out): \(report.files.count) files, "
                    + "\(report.linked) hard-linked, \(report.copiedBytes) bytes copied"
            )
            return
        }
        let staging = out + ".staging"
        let cleaner = PosixFileSystem(directory: staging)
        try cleaner.removeDirectory()  // one left by an interrupted run
        defer { try? cleaner.removeDirectory() }
        let report = try FlatStore.backup(source, to: StoreOptions(directory: staging))
        let now = Int64(Date().timeIntervalSince1970)
        try await ArchiveFile.write(from: staging, to: out, modified: now, privateFiles: source.sidecars)
        print("backed up \(source.directory) to \(out): \(report.files.count) files")
    }
}

/// A copy that could not be finished; no part of it is kept.
struct BackupFailure: Error, CustomStringConvertible {
    /// Where the copy was to go, as given.
    let out: String
    /// What failed.
    let reason: String

    /// One sentence for stderr.
    var description: String { "could not back up to '\(out)' (\(reason)); no partial copy was kept" }
}
