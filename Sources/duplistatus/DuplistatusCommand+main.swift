import ArgumentParser
import Migration
import Server

/// The executable's entry point: the server's commands plus the migration from the Node
/// duplistatus, whose SQLite only this binary links (the `Server` target never does, so tools and
/// the request path stay free of it).
@main
struct Duplistatus: AsyncParsableCommand {
    /// The server's command line with `import-duplistatus` added.
    static let configuration = DuplistatusCommand.configuration(adding: [ImportDuplistatusCommand.self])
}
