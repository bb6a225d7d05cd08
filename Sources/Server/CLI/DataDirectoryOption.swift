import ArgumentParser
import FoundationEssentials

/// The `--data-dir` option every subcommand shares.
package struct DataDirectoryOption: ParsableArguments {
    /// The flag's value, if given.
    @Option(name: .customLong("data-dir"), help: "The data directory (env DUPLISTATUS_DATA_DIR; default ./data).")
    var dataDirectory: String?

    /// No flag given yet; the argument parser fills it in.
    package init() {}

    /// The flag, else `DUPLISTATUS_DATA_DIR`, else `./data`, without trailing slashes.
    ///
    /// `/data/` and `/data` are one directory, but a restore names its siblings by appending to
    /// the path (`/data.before-restore-…`): with the slash they would land inside it.
    package func resolved(environment: [String: String]) -> String {
        var path = Substring(dataDirectory ?? environment["DUPLISTATUS_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data")
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return String(path)
    }

    /// The resolved directory, which offline commands require to exist: they must not create an
    /// empty store where the user mistyped a path.
    func existing(environment: [String: String]) throws -> String {
        let directory = resolved(environment: environment)
        var isDirectory: Bool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else {
            throw MissingDataDirectory(directory: directory)
        }
        return directory
    }
}

/// The data directory named for an offline command does not exist.
struct MissingDataDirectory: Error, CustomStringConvertible {
    /// The path as given.
    let directory: String
    /// One sentence for stderr.
    var description: String { "data directory '\(directory)' does not exist (or is not a directory)" }
}

/// The process environment, read in one place so tests can pass their own.
package enum ProcessEnvironment {
    /// The variables of this process.
    package static var current: [String: String] { ProcessInfo.processInfo.environment }
}
