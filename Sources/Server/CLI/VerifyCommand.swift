import ArgumentParser
import FlatStore

/// `duplistatus verify`: re-reads every file of a data directory no server is using.
struct VerifyCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every record of a stopped server's data directory (exit 1 on damage, 2 if in use)."
    )

    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption

    /// Prints the report; exits 1 when it found damage.
    func run() async throws {
        let report = try await CommandFailure.reporting {
            let directory = try data.existing(environment: ProcessEnvironment.current)
            return try FlatStore.verify(StoreOptions.duplistatus(directory: directory))
        }
        print(report.rendered())
        if !report.isClean { throw ExitCode.failure }
    }
}
