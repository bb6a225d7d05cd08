import FlatStore

extension BackupStore {
    /// What a cleanup removed.
    struct CleanupOutcome: Sendable, Equatable {
        var deletedRuns = 0
        var deletedServers = 0
    }

    /// Deletes one run and its logs (one atomic batch); the run as it was, or nil when unknown.
    func deleteRun(id: String) async throws -> ParsedRun? {
        try await serverWrites.run {
            guard let run = try store.record(ParsedRun.self, key: id) else { return nil }
            var batch = WriteBatch()
            batch.delete(ParsedRun.self, key: id)
            batch.delete(RunLogRecord.self, key: id)
            try await store.write(batch)
            return run
        }
    }

    /// Deletes every run of one job and their logs (one atomic batch); how many runs went.
    func deleteJob(serverId: String, backupName: String) async throws -> Int {
        try await serverWrites.run {
            let key = ParsedRun.jobKey(serverId: serverId, backupName: backupName)
            let runIds = try store.read { view in
                try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: key).items.map(\.key)
            }
            guard !runIds.isEmpty else { return 0 }
            var batch = WriteBatch()
            batch.delete(ParsedRun.self, keys: runIds)
            batch.delete(RunLogRecord.self, keys: runIds)
            deleteMonitoring(ofJob: key, in: &batch)
            try await store.write(batch)
            return runIds.count
        }
    }

    /// Deletes every run that ended before `cutoff` (epoch ms), and the servers left without a run,
    /// in one atomic batch; with no cutoff, every run and every server, and the configuration goes
    /// back to its defaults (api.md: "Delete all data"). The admin password and API tokens stay:
    /// they guard the server rather than configure it.
    ///
    /// Work grows with the runs deleted: each server's partition is read only up to the cutoff (a
    /// run begins before it ends, so the `byJob` order by begin time bounds the scan).
    func cleanup(endedBefore cutoff: Int64?) async throws -> CleanupOutcome {
        try await serverWrites.run {
            let (runIds, servers) = try store.read { view -> ([String], [String]) in
                var runIds: [String] = []
                var emptied: [String] = []
                for server in view.all(ServerRecord.self).map(\.key) {
                    let candidates = try view.scanRuns(ofServer: server, to: cutoff)
                    let expired = candidates.items.filter { item in cutoff.map { item.summary.endTime < $0 } ?? true }
                    runIds += expired.map(\.key)
                    let total = try view.scanRuns(ofServer: server, limit: 0).total
                    if expired.count == total { emptied.append(server) }
                }
                return (runIds, emptied)
            }
            let sections = cutoff == nil ? store.read { $0.all(ConfigurationRecord.self).map(\.key) } : []
            guard !runIds.isEmpty || !servers.isEmpty || !sections.isEmpty else { return CleanupOutcome() }
            var batch = WriteBatch()
            batch.delete(ConfigurationRecord.self, keys: sections)
            batch.delete(ParsedRun.self, keys: runIds)
            batch.delete(RunLogRecord.self, keys: runIds)
            batch.delete(ServerSeenRecord.self, keys: servers)
            batch.delete(ServerRecord.self, keys: servers)
            // Settings and overdue records of the jobs of removed servers go with them (all of them
            // when everything is cleaned up).
            deleteMonitoring(ofServers: cutoff == nil ? nil : Set(servers), in: &batch)
            try await store.write(batch)
            return CleanupOutcome(deletedRuns: runIds.count, deletedServers: servers.count)
        }
    }
}

extension BackupStore {
    /// Adds to `batch` the deletion of the settings and overdue records of the jobs of `servers`
    /// (every server when nil) and of their stored Duplicati passwords, only of records that exist.
    func deleteMonitoring(ofServers servers: Set<String>?, in batch: inout WriteBatch) {
        let belongs = { (key: String) in servers.map { $0.contains(String(ParsedRun.serverId(ofJobKey: key))) } ?? true }
        let (settings, states, passwords) = store.read { view in
            (
                view.all(JobSettingsRecord.self).map(\.key).filter(belongs),
                view.all(OverdueStateRecord.self).map(\.key).filter(belongs),
                view.all(ServerPasswordRecord.self).map(\.key).filter(belongs)
            )
        }
        batch.delete(JobSettingsRecord.self, keys: settings)
        batch.delete(OverdueStateRecord.self, keys: states)
        batch.delete(ServerPasswordRecord.self, keys: passwords)
    }

    /// Adds to `batch` the deletion of one job's settings and overdue record, only of records that exist.
    func deleteMonitoring(ofJob key: String, in batch: inout WriteBatch) {
        let (settings, state) = store.read { ($0.contains(JobSettingsRecord.self, key: key), $0.contains(OverdueStateRecord.self, key: key)) }
        if settings { batch.delete(JobSettingsRecord.self, key: key) }
        if state { batch.delete(OverdueStateRecord.self, key: key) }
    }
}
