import ArgumentParser
import FlatStore
import FoundationEssentials

/// `duplistatus restore FILE`: puts a backup archive in place of a stopped server's data directory.
struct RestoreCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a stopped server's data directory from a .tar.gz backup (exit 2 if it is in use).",
        discussion: """
            The archive is unpacked beside the data directory and checked whole (every line's \
            checksum, the chain of files, a trial open) before it replaces anything; the data \
            directory it replaces is kept as <DIR>.before-restore-<time>. A running server restores \
            through POST /api/admin/database/restore instead.
            """
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// The archive.
    @Argument(help: "The .tar.gz archive made by duplistatus backup or GET /api/admin/database/backup.")
    var archive: String
    /// The largest archive accepted.
    @Option(help: "The most megabytes the archive may unpack to (default 16384).")
    var maxArchiveMb: UInt64 = 16_384

    /// Unpacks, checks, installs, and prints what it did.
    func run() async throws {
        try await CommandFailure.reporting {
            let options = StoreOptions.duplistatus(directory: data.resolved(environment: ProcessEnvironment.current))
            let restore = StoreRestore(options: options, limit: maxArchiveMb << 20)
            let stamp = StoreRestore.stamp(Int64(Date().timeIntervalSince1970 * 1000))
            let exists = (try? PosixFileSystem(directory: options.directory).listFiles()) != nil
            // Refuse at once, before unpacking gigabytes, when a server holds the directory.
            if exists { try FlatStore.holdingLock(options) {} }
            let staged = try await restore.stage(try ArchiveFile.chunks(of: archive), stamp: stamp)
            let previous: String
            if !exists {
                // Nothing to replace: the restored store simply becomes the data directory.
                try PosixFileSystem.renameDirectory(staged.directory, to: options.directory)
                previous = "(none)"
            } else {
                previous = try FlatStore.holdingLock(options) { try restore.install(staged, stamp: stamp) }
            }
            let records = staged.records.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("restored \(options.directory) from \(archive): \(staged.files.count) files (\(records)); previous kept as \(previous)")
        }
    }
}
