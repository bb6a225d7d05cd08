import FlatStore

extension BackupStore {
    /// Gives a run written outside `serverWrites` what an operation beside it may have deleted
    /// under it: its server's record and its job's settings.
    ///
    /// An upload that found its server reads nothing more and writes without waiting. If a delete,
    /// merge or cleanup of that server ran meanwhile and did not see the run, the run would
    /// outlive its server. This runs in the queue, after that operation: a run it removed or moved
    /// is left as it is (the upload came first); a run it left without its server gets the records
    /// an upload after it would have written (the server comes back, as when it reports again).
    /// An upload that stopped before this ran (a crash) gets it when the report is sent again.
    func settleAfterOverlap(_ run: ParsedRun, receivedAt now: Int64) async throws {
        try await serverWrites.run(addsOnly: true) { [store] in
            let jobKey = ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)
            let (stored, server, settled) = store.read { view in
                (
                    view.contains(ParsedRun.self, key: run.id), view.contains(ServerRecord.self, key: run.serverId),
                    view.contains(JobSettingsRecord.self, key: jobKey)
                )
            }
            guard stored, !server || !settled else { return }
            var batch = WriteBatch(capacity: 2)
            if !server { try batch.put(ServerRecord(id: run.serverId, name: run.serverName, firstSeen: now, lastSeen: now)) }
            if !settled { try batch.put(JobSettingsRecord(key: jobKey, .defaults(firstRun: run.beginTime))) }
            try await store.write(batch)
        }
    }
}
