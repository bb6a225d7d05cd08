import FlatStore

/// The backup domain on FlatStore: stores runs with their server, and answers every read from
/// the indexes (`byJob`, `byServer`, `FleetTotals`) without scanning runs.
struct BackupStore: Sendable {
    /// What happened to an uploaded run.
    enum IngestOutcome: Sendable, Equatable {
        /// Stored now (durable).
        case stored(ParsedRun)
        /// Already stored under this id; nothing was written.
        case duplicate(id: String)
    }

    let store: FlatStore
    var overdue = OverduePolicy.defaults

    /// Stores a run, its logs and its server's new `lastSeen` in one durable batch.
    ///
    /// Idempotent: a run whose (serverId, backupName, beginTime) is already stored is a duplicate.
    func ingest(_ parsed: ParsedRun, receivedAt now: Int64) async throws -> IngestOutcome {
        var run = parsed
        let existing = store.read { view in
            (view.summary(ParsedRun.self, key: run.id), view.summary(ServerRecord.self, key: run.serverId))
        }
        if let stored = existing.0, stored.beginTime == run.beginTime { return .duplicate(id: run.id) }
        var server =
            existing.1
            ?? ServerRecord(id: run.serverId, name: run.serverName, firstSeen: now, lastSeen: now)
        // A report without a machine-name keeps the name the server already has.
        if let reported = run.reportedServerName { server.name = reported }
        run.serverName = server.name
        server.lastSeen = max(server.lastSeen, now)
        let logs = RunLogRecord(id: run.id, logs: run.logs)
        run.logs = ParsedRun.Logs(truncated: run.logs.truncated, omittedLines: run.logs.omittedLines)
        var batch = WriteBatch()
        try batch.put(server)
        try batch.put(run)
        try batch.put(logs)
        try await store.write(batch)
        run.logs = logs.logs
        return .stored(run)
    }

    /// The server whose id, or else whose name, is `idOrName` (an id match wins).
    func server(_ idOrName: String) -> ServerRecord? {
        store.read { view in
            view.summary(ServerRecord.self, key: idOrName)
                ?? view.all(ServerRecord.self).map(\.summary).filter { $0.name == idOrName }.min { $0.id < $1.id }
        }
    }

    /// Every server, by name.
    func servers() -> [ServerRecord] {
        store.read { view in view.all(ServerRecord.self).map(\.summary) }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// One stored run without its logs.
    func run(_ id: String) throws -> ParsedRun? {
        try store.record(ParsedRun.self, key: id)
    }

    /// One stored run with its logs.
    func runWithLogs(_ id: String) throws -> ParsedRun? {
        guard var run = try store.record(ParsedRun.self, key: id) else { return nil }
        if let logs = try store.record(RunLogRecord.self, key: id) { run.logs = logs.logs }
        return run
    }
}
