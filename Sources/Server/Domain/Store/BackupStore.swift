import FlatStore

/// The backup domain on FlatStore: stores runs with their server, and answers every read from
/// the indexes (`byJob`, `FleetTotals`) without scanning runs.
package struct BackupStore: Sendable {
    /// What happened to an uploaded run.
    package enum IngestOutcome: Sendable, Equatable {
        /// Stored now (durable).
        case stored(ParsedRun)
        /// Already stored under this id; nothing was written.
        case duplicate(id: String)
    }

    /// Where the store the records live in is held (a restore can replace it).
    let holder: StoreHolder
    /// The store the records live in now.
    var store: FlatStore { holder.current }
    /// Serialises writes of server records (see `SerialWrites`).
    let serverWrites = SerialWrites()
    /// Lets one upload of a run id at a time decide whether it is new (see `RunClaims`).
    let runClaims = RunClaims()
    /// The job states of the store's last version, verdicts not judged.
    let keptJobStates = StoreVersionCache<[JobState]>()
    /// The fleet's figures of the store's last version.
    let keptFleetFigures = StoreVersionCache<FleetFigures>()
    /// The runs stored since the process started.
    let storedRuns = StoredRunCount()

    /// The backup domain on `store`, which must have been opened with `StoreSchema.duplistatus`.
    package init(store: FlatStore) {
        self.init(holder: StoreHolder(store))
    }

    /// The backup domain on the store `holder` holds.
    package init(holder: StoreHolder) {
        self.holder = holder
    }

    /// Stores a run and its logs in one durable batch, with its server when the server is new or
    /// reported a new name.
    ///
    /// Idempotent: a run whose (serverId, backupName, beginTime) is already stored is a duplicate,
    /// also when its copies arrive together (they take turns). The server record itself is not
    /// rewritten per upload; its `ServerSeenRecord` is.
    package func ingest(_ parsed: ParsedRun, receivedAt now: Int64) async throws -> IngestOutcome {
        await runClaims.claim(parsed.id)
        defer { runClaims.release(parsed.id) }
        return try await ingestClaimed(parsed, receivedAt: now)
    }

    /// `ingest` for the one caller that holds the run's claim.
    private func ingestClaimed(_ parsed: ParsedRun, receivedAt now: Int64) async throws -> IngestOutcome {
        var run = parsed
        let jobKey = ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)
        let mark = serverWrites.mark()
        let existing = store.read { view in
            (
                view.summary(ParsedRun.self, key: run.id), view.summary(ServerRecord.self, key: run.serverId),
                view.summary(ServerSeenRecord.self, key: run.serverId), view.contains(JobSettingsRecord.self, key: jobKey)
            )
        }
        // A job seen for the first time gets its settings with the defaults, written with its run.
        let newSettings = existing.3 ? nil : JobSettingsRecord(key: jobKey, .defaults(firstRun: run.beginTime))
        // Imports of history arrive out of order; the latest contact time never moves back.
        let seen = ServerSeenRecord(id: run.serverId, lastSeen: max(now, existing.2 ?? now))
        if let stored = existing.0, stored.beginTime == run.beginTime {
            // Duplicati resends a report it got no answer for: one whose upload stopped before it
            // settled up (a crash, a failed write) finishes here.
            if existing.1 == nil || !existing.3 { try await settleAfterOverlap(run, receivedAt: now) }
            return .duplicate(id: run.id)
        }
        let logs = RunLogRecord(id: run.id, logs: run.logs)
        run.logs = ParsedRun.Logs(truncated: run.logs.truncated, omittedLines: run.logs.omittedLines)
        if let server = existing.1, Self.keepsName(server, run) {
            run.serverName = server.name
            try await store.write(Self.batch(server: nil, run: run, logs: logs, seen: seen, settings: newSettings))
            if serverWrites.overlapped(since: mark) { try await settleAfterOverlap(run, receivedAt: now) }
        } else {
            run = try await serverWrites.run(addsOnly: true) { [store, run] in
                var run = run
                let stored = store.read { $0.summary(ServerRecord.self, key: run.serverId) }
                // Uploads that found no server queue here together when it is new: the first one
                // writes its record, the others find it.
                var changed: ServerRecord?
                if let stored, Self.keepsName(stored, run) {
                    run.serverName = stored.name
                } else {
                    var server = stored ?? ServerRecord(id: run.serverId, name: run.serverName, firstSeen: now, lastSeen: now)
                    // A report without a machine-name keeps the name the server already has.
                    if let reported = run.reportedServerName { server.name = reported }
                    server.lastSeen = max(server.lastSeen, now)
                    run.serverName = server.name
                    changed = server
                }
                try await store.write(Self.batch(server: changed, run: run, logs: logs, seen: seen, settings: newSettings))
                return run
            }
        }
        run.logs = logs.logs
        storedRuns.add()
        return .stored(run)
    }

    /// Whether `run` leaves `server`'s name as it is (a report without a machine-name does).
    private static func keepsName(_ server: ServerRecord, _ run: ParsedRun) -> Bool {
        run.reportedServerName == nil || run.reportedServerName == server.name
    }

    /// One upload's batch: the server's record when it is new or renamed, the run, its logs, the
    /// server's contact time and a new job's settings.
    private static func batch(
        server: ServerRecord?,
        run: ParsedRun,
        logs: RunLogRecord,
        seen: ServerSeenRecord,
        settings: JobSettingsRecord?
    ) throws(StoreError) -> WriteBatch {
        var batch = WriteBatch(capacity: 5)
        if let server { try batch.put(server) }
        try batch.put(run)
        try batch.put(logs)
        try batch.put(seen)
        if let settings { try batch.put(settings) }
        return batch
    }

    /// The server whose id, or else whose name, is `idOrName` (an id match wins); nil when none
    /// is, and when several servers share that name (`servers(matching:)` tells them apart).
    func server(_ idOrName: String) -> ServerRecord? {
        let found = servers(matching: idOrName)
        return found.count == 1 ? found.first : nil
    }

    /// The server whose id is `idOrName`, or else every server of that name, by id: a name two
    /// servers share (a machine reinstalled, a report named by its URL) names both, so no request
    /// acts on the wrong one.
    func servers(matching idOrName: String) -> [ServerRecord] {
        store.read { view in
            if let byId = view.summary(ServerRecord.self, key: idOrName) { return [Self.withLastSeen(byId, view)] }
            return view.all(ServerRecord.self).map(\.summary).filter { $0.name == idOrName }.sorted { $0.id < $1.id }
                .map { Self.withLastSeen($0, view) }
        }
    }

    /// Every server, by name.
    func servers() -> [ServerRecord] {
        // By name regardless of case, as the pages sort (`ui.md`): "a1b2" beside "A1B2", not after "Z".
        store.read { view in view.all(ServerRecord.self).map { Self.withLastSeen($0.summary, view) } }
            .map { (key: $0.name.lowercased(), server: $0) }
            .sorted { ($0.key, $0.server.name, $0.server.id) < ($1.key, $1.server.name, $1.server.id) }
            .map(\.server)
    }

    /// `lastSeen` is the later of the server record's and its latest upload's.
    static func withLastSeen(_ server: ServerRecord, _ view: StoreView) -> ServerRecord {
        var server = server
        if let seen = view.summary(ServerSeenRecord.self, key: server.id) { server.lastSeen = max(server.lastSeen, seen) }
        return server
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
