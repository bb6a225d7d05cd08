import ArgumentParser

/// The `duplistatus` command (the entry point): `serve` unless another subcommand is named.
public struct DuplistatusCommand: AsyncParsableCommand {
    /// Names the subcommands and makes `serve` the default.
    public static let configuration = CommandConfiguration(
        commandName: "duplistatus",
        abstract: "A self-hosted monitor for Duplicati backups.",
        version: AppVersion.current,
        subcommands: [ServeCommand.self, VerifyCommand.self, CompactCommand.self, BackupCommand.self, RestoreCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    /// The command as the argument parser creates it.
    public init() {}
}
