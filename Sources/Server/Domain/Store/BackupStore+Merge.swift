import FlatStore

extension BackupStore {
    /// What a merge did.
    struct MergeOutcome: Sendable, Equatable {
        /// Runs re-keyed onto the target.
        var movedRuns = 0
        /// Source runs dropped because the target already had a run with the same job and begin time.
        var duplicateRuns = 0
        /// Source servers deleted.
        var mergedServers = 0
    }

    /// Moves every run (and its logs) of `sources` to `target`, then deletes the sources.
    ///
    /// An alias or note the target lacks is taken from the first source that has one. Its
    /// Duplicati URL and password go together: a target with neither takes both from the first
    /// source with either, so "Collect now" never pairs one Duplicati's address with another's
    /// password.
    ///
    /// A run's id derives from its server, so each moved run is re-keyed with the target's id; a
    /// run the target already has under that id is a duplicate of one it received itself, and the
    /// source copy is dropped. Each run's move (put new, delete old) stays in one batch, and a source
    /// is deleted only after its last run moved, so an interrupted merge can be repeated.
    func mergeServers(into target: ServerRecord, from sources: [ServerRecord]) async throws -> MergeOutcome {
        try await serverWrites.run { try await mergeServersNow(into: target, from: sources) }
    }

    private func mergeServersNow(into target: ServerRecord, from requested: [ServerRecord]) async throws -> MergeOutcome {
        var outcome = MergeOutcome()
        var merged = target
        var placed: Set<String> = []
        var writes = AdminBatches(store: store)
        // As stored now, in the queue: an edit made since the request was read counts.
        let sources = store.read { view in
            requested.filter { $0.id != target.id }.compactMap { view.summary(ServerRecord.self, key: $0.id) }
        }
        let access = duplicatiAccessSource(for: target.id, among: sources)
        // What the sources give the fields the target lacks (the target's own are read at the end).
        var adopted = (alias: "", note: "", serverUrl: "")
        for source in sources {
            for runId in try runIds(ofServer: source.id) {
                guard var run = try store.record(ParsedRun.self, key: runId) else { continue }
                let newId = RunIdentity.runId(serverId: target.id, backupName: run.backupName, beginTime: run.beginTime)
                // Batches not yet written are invisible to reads, hence `placed` as well as the index.
                let taken = placed.contains(newId) || store.read { $0.contains(ParsedRun.self, key: newId) }
                if taken {
                    outcome.duplicateRuns += 1
                } else {
                    let logs = try store.record(RunLogRecord.self, key: runId)
                    run.id = newId
                    run.serverId = target.id
                    run.serverName = target.name
                    try writes.put(run)
                    if var logs {
                        logs.id = newId
                        try writes.put(logs)
                    }
                    placed.insert(newId)
                    outcome.movedRuns += 1
                }
                writes.delete(ParsedRun.self, key: runId)
                writes.delete(RunLogRecord.self, key: runId)
                try await writes.flushIfFull()
            }
            merged.firstSeen = min(merged.firstSeen, source.firstSeen)
            merged.lastSeen = max(merged.lastSeen, source.lastSeen)
            if adopted.alias.isEmpty { adopted.alias = source.alias }
            if adopted.note.isEmpty { adopted.note = source.note }
            if source.id == access?.id { adopted.serverUrl = source.serverUrl }
            try moveSettings(from: source.id, to: target.id, password: source.id == access?.id, into: &writes)
            writes.delete(ServerSeenRecord.self, key: source.id)
            writes.delete(ServerRecord.self, key: source.id)
            outcome.mergedServers += 1
        }
        // Re-read so a field changed while runs were moving is not overwritten with a stale copy.
        if var current = store.read({ $0.summary(ServerRecord.self, key: target.id) }) {
            current.firstSeen = min(current.firstSeen, merged.firstSeen)
            current.lastSeen = max(current.lastSeen, merged.lastSeen)
            if current.alias.isEmpty { current.alias = adopted.alias }
            if current.note.isEmpty { current.note = adopted.note }
            if current.serverUrl.isEmpty { current.serverUrl = adopted.serverUrl }
            try writes.put(current)
        }
        try await writes.flush()
        return outcome
    }
}

extension BackupStore {
    /// The source whose Duplicati URL and password the target takes: none when the target has
    /// either itself, else the first source with either.
    fileprivate func duplicatiAccessSource(for target: String, among sources: [ServerRecord]) -> ServerRecord? {
        store.read { view in
            let hasAccess = { (server: ServerRecord) in
                !server.serverUrl.isEmpty || view.contains(ServerPasswordRecord.self, key: server.id)
            }
            guard let current = view.summary(ServerRecord.self, key: target), !hasAccess(current) else { return nil }
            return sources.first(where: hasAccess)
        }
    }

    /// Moves a source server's job settings to the target, and its stored password when `password`;
    /// a job the target already has settings for keeps them, as `BackupSettings.merged` says.
    /// Overdue records of the source are dropped.
    fileprivate func moveSettings(from source: String, to target: String, password: Bool, into writes: inout AdminBatches) throws {
        let prefix = source + ":"
        let (settings, existing, states, targetStates) = store.read { view in
            (
                view.all(JobSettingsRecord.self).filter { $0.key.hasPrefix(prefix) },
                Dictionary(view.all(JobSettingsRecord.self).map { ($0.key, $0.summary) }, uniquingKeysWith: { first, _ in first }),
                view.all(OverdueStateRecord.self).map(\.key).filter { $0.hasPrefix(prefix) },
                Set(view.all(OverdueStateRecord.self).map(\.key).filter { $0.hasPrefix(target + ":") })
            )
        }
        for (key, value) in settings {
            let moved = target + ":" + key.dropFirst(prefix.count)
            let kept = existing[moved].map { $0.merged(with: value) } ?? value
            if kept != existing[moved] { try writes.put(JobSettingsRecord(key: moved, kept)) }
            // A new schedule starts a new overdue episode, as when a person changes it (monitoring.md §3).
            if let old = existing[moved], targetStates.contains(moved), kept.changesSchedule(comparedTo: old) {
                writes.delete(OverdueStateRecord.self, key: moved)
            }
            writes.delete(JobSettingsRecord.self, key: key)
        }
        for key in states { writes.delete(OverdueStateRecord.self, key: key) }
        // The password goes with the source's URL (see `duplicatiAccessSource`), or with the source.
        if let stored = store.read({ $0.summary(ServerPasswordRecord.self, key: source) }) {
            if password {
                let record = ServerPasswordRecord(serverId: target, sealed: stored.sealed, acceptsSelfSigned: stored.acceptsSelfSigned ? true : nil)
                try writes.put(record)
            }
            writes.delete(ServerPasswordRecord.self, key: source)
        }
    }
}
