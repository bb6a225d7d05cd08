import ArgumentParser

/// The `duplistatus` command (the entry point): `serve` unless another subcommand is named.
public struct DuplistatusCommand: AsyncParsableCommand {
    /// Names the subcommands and makes `serve` the default.
    public static let configuration = configuration(adding: [])

    /// The command's configuration with `more` subcommands, for the executable to add those of
    /// targets the server does not link (the migration's SQLite).
    package static func configuration(adding more: [any ParsableCommand.Type]) -> CommandConfiguration {
        CommandConfiguration(
            commandName: "duplistatus",
            abstract: "A self-hosted monitor for Duplicati backups.",
            version: AppVersion.current,
            subcommands: [
                ServeCommand.self, VerifyCommand.self, CompactCommand.self, BackupCommand.self, RestoreCommand.self,
                ImportCommand.self,
            ] + more,
            defaultSubcommand: ServeCommand.self
        )
    }

    /// The command as the argument parser creates it.
    public init() {}
}
