import ArgumentParser
import FlatStore
import Logging

/// `duplistatus compact`: rewrites a stopped server's store without dead records.
struct CompactCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact a stopped server's data directory now (exit 2 if it is in use)."
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption

    /// Compacts and prints the figures.
    func run() async throws {
        try await CommandFailure.reporting {
            var options = StoreOptions.duplistatus(directory: try data.existing(environment: ProcessEnvironment.current))
            // Offline work must not race a background snapshot or compaction of its own.
            options.backgroundMaintenance = false
            options.logger.logLevel = .warning
            let store = try FlatStore.open(options, schema: .duplistatus)
            defer { store.closeBlocking() }
            let report = try store.compactNow()
            print(
                "compacted \(options.directory): \(report.bytesBefore) → \(report.bytesAfter) bytes, "
                    + "\(report.records) records, \(Int(report.milliseconds.rounded())) ms"
            )
        }
    }
}
