import FlatStore

extension BackupStore {
    /// Records server `id` as named `name` and reachable at `serverUrl`, creating it when new;
    /// alias and note are kept. Collect calls this before it reads any job.
    func registerServer(id: String, name: String, serverUrl: String, now: Int64) async throws -> ServerRecord {
        try await serverWrites.run { [store] in
            var server =
                store.read { $0.summary(ServerRecord.self, key: id) }
                ?? ServerRecord(id: id, name: name, firstSeen: now, lastSeen: now)
            server.name = name
            server.serverUrl = serverUrl
            try await store.put(server)
            return server
        }
    }

    /// The servers named exactly `name`, by id.
    func servers(named name: String) -> [ServerRecord] {
        servers().filter { $0.name == name }.sorted { $0.id < $1.id }
    }
}
