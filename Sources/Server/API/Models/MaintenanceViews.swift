/// The body of `POST /api/admin/database/maintenance`.
struct MaintenanceBody: Decodable, Sendable {
    /// `compact`, `verify` or `snapshot`.
    var operation: String
}

/// The answer of `POST /api/admin/database/maintenance` (api.md §7).
struct MaintenanceView: Encodable, Sendable {
    /// The store's size on either side of the operation.
    struct Figures: Encodable, Sendable {
        var bytes: UInt64
        var records: Int
        var files: Int

        init(_ figures: StoreMaintenance.Figures) {
            bytes = figures.bytes
            records = figures.records
            files = figures.files
        }
    }

    var operation: String
    var durationMs: Int
    var before: Figures
    var after: Figures
    var problems: [String]

    init(_ outcome: StoreMaintenance.Outcome) {
        operation = outcome.operation.rawValue
        durationMs = outcome.milliseconds
        before = Figures(outcome.before)
        after = Figures(outcome.after)
        problems = outcome.problems
    }
}

/// The answer of `POST /api/admin/database/restore`.
struct RestoreView: Encodable, Sendable {
    /// The files restored.
    var files: [String]
    /// Their records per collection.
    var records: [String: Int]
    /// The name of the directory, beside the data directory, where the replaced one is kept (delete
    /// it once no longer needed). A name, not a path: answers never show the server's file system.
    var previousDirectory: String
}
