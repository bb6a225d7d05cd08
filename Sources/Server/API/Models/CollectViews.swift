/// What `POST /api/backups/collect` answers.
struct CollectResultView: Encodable, Sendable {
    /// Runs stored, already stored, and rows or jobs that failed.
    struct Statistics: Encodable, Sendable {
        var processed: Int
        var skipped: Int
        var errors: Int
    }

    var serverId: String
    var serverName: String
    var serverAlias: String
    var serverUrl: String
    var stats: Statistics
    var schedulesImported: Int
    /// Why rows or jobs counted as errors.
    var problems: [String]
    /// What was read, when `downloadJson` was asked for.
    var json: ReportJSON?

    /// The view of `outcome`.
    init(_ outcome: CollectOutcome, schedulesImported: Int, includeJSON: Bool) {
        serverId = outcome.server.id
        serverName = outcome.server.name
        serverAlias = outcome.server.alias
        serverUrl = outcome.server.serverUrl
        stats = Statistics(
            processed: outcome.statistics.processed,
            skipped: outcome.statistics.skipped,
            errors: outcome.statistics.errors
        )
        self.schedulesImported = schedulesImported
        problems = outcome.problems
        json = includeJSON ? CollectedData(outcome).json : nil
    }
}

/// `POST /api/servers/test-connection`'s answer.
struct TestConnectionView: Encodable, Sendable {
    var success: Bool
    var message: String
}

/// A server's URL (`GET /api/servers/:serverId/server-url`).
struct ServerURLView: Encodable, Sendable {
    var serverId: String
    var serverUrl: String
}

/// What `POST /api/backups/collect` with `{all: true}` answers.
struct CollectAllView: Encodable, Sendable {
    /// A server whose collect failed, and why.
    struct Failure: Encodable, Sendable {
        var serverId: String
        var serverName: String
        var message: String
    }

    var collected: [CollectResultView] = []
    var failed: [Failure] = []
}

/// Whether a server has a stored Duplicati password.
struct ServerPasswordView: Encodable, Sendable {
    var serverId: String
    var hasPassword: Bool
}
