import FlatStore

/// The log lines of one run, stored apart from the run so lists and dashboards never decode them.
struct RunLogRecord: StoreRecord {
    /// Nothing of the logs is needed in memory.
    struct Summary: Sendable {}

    static let collection = "runlogs"

    /// The run's id.
    var id: String
    /// The lines by level, as the report carried them.
    var logs: ParsedRun.Logs

    var storeKey: String { id }
    var indexFields: IndexFields { IndexFields() }

    static func summary(key: String, fields: IndexFields) -> Summary { Summary() }
}
