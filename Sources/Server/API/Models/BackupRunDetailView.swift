/// `GET /api/backups/:backupId`: a run's `BackupRun` fields with its logs beside them.
struct BackupRunDetailView: Encodable, Sendable {
    var run: BackupRunView
    var logs: RunLogsView

    /// The run and its logs, each list cut to `maxLines`.
    init(_ parsed: ParsedRun, maxLines: Int) {
        run = BackupRunView(parsed)
        logs = RunLogsView(parsed, maxLines: maxLines)
    }

    /// Writes the run's fields at the top level, beside `logs`.
    func encode(to encoder: any Encoder) throws {
        try encoder.encodeFlattened(run, adding: ["logs": logs])
    }
}

/// A run's log lines by level, capped, with what was cut and what Duplicati counted.
struct RunLogsView: Encodable, Sendable {
    var messages: [String]
    var warnings: [String]
    var errors: [String]
    /// Whether a list is shorter than the run's: cut here by the cap, or by Duplicati before sending.
    var truncated: PerLevel<Bool>
    /// The counts the report gave (`*ActualLength`), which may exceed the lines it sent.
    var reported: PerLevel<Int64>

    /// A value for each log level.
    struct PerLevel<Value: Encodable & Sendable>: Encodable, Sendable {
        var messages: Value
        var warnings: Value
        var errors: Value
    }

    /// The first `maxLines` lines of each level of `run`.
    init(_ run: ParsedRun, maxLines: Int) {
        let stored = run.logs
        messages = Array(stored.messages.prefix(maxLines))
        warnings = Array(stored.warnings.prefix(maxLines))
        errors = Array(stored.errors.prefix(maxLines))
        reported = PerLevel(messages: run.messages, warnings: run.warnings, errors: run.errors)
        let short = PerLevel(
            messages: run.messages > stored.messages.count,
            warnings: run.warnings > stored.warnings.count,
            errors: run.errors > stored.errors.count
        )
        // Duplicati's "... and N more" marker without a count that accounts for it names no level,
        // so every list may be missing lines.
        let unplaced = stored.truncated && !(short.messages || short.warnings || short.errors)
        truncated = PerLevel(
            messages: stored.messages.count > maxLines || short.messages || unplaced,
            warnings: stored.warnings.count > maxLines || short.warnings || unplaced,
            errors: stored.errors.count > maxLines || short.errors || unplaced
        )
    }
}
