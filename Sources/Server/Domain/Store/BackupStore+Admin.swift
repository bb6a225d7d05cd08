import FlatStore

extension BackupStore {
    /// Changes to a server's user-set fields: nil leaves a field as it is, an empty string clears it.
    struct ServerChanges: Sendable, Equatable {
        var alias: String?
        var note: String?
        var serverUrl: String?
    }

    /// A server that shares its name with another, and how many runs it holds.
    struct DuplicateServer: Sendable {
        var server: ServerRecord
        var runCount: Int
    }

    /// Applies `changes` to the stored server `id`; nil when there is no such server.
    ///
    /// A URL of another host or port forgets the stored Duplicati password (and its self-signed
    /// allowance) in the same batch: it was given for the old address, and a collect by the
    /// server's id would send it to the new one.
    func updateServer(id: String, changes: ServerChanges) async throws -> (server: ServerRecord, forgotPassword: Bool)? {
        try await serverWrites.run { [store] in
            guard var server = store.read({ $0.summary(ServerRecord.self, key: id) }) else { return nil }
            let before = DuplicatiEndpoint(url: server.serverUrl)
            if let alias = changes.alias { server.alias = alias }
            if let note = changes.note { server.note = note }
            if let serverUrl = changes.serverUrl { server.serverUrl = serverUrl }
            let after = DuplicatiEndpoint(url: server.serverUrl)
            let moved = before?.host != after?.host || before?.port != after?.port
            let forget = moved && store.read { $0.contains(ServerPasswordRecord.self, key: id) }
            var batch = WriteBatch()
            try batch.put(server)
            if forget { batch.delete(ServerPasswordRecord.self, key: id) }
            try await store.write(batch)
            return (store.read { Self.withLastSeen(server, $0) }, forget)
        }
    }

    /// Removes server `id`, its runs and their logs in one atomic batch; returns how many runs went.
    func deleteServer(id: String) async throws -> Int {
        try await serverWrites.run {
            let runIds = try self.runIds(ofServer: id)
            var batch = WriteBatch()
            batch.delete(ParsedRun.self, keys: runIds)
            batch.delete(RunLogRecord.self, keys: runIds)
            batch.delete(ServerSeenRecord.self, key: id)
            batch.delete(ServerRecord.self, key: id)
            deleteMonitoring(ofServers: [id], in: &batch)
            try await store.write(batch)
            return runIds.count
        }
    }

    /// Groups of two or more servers with the same name (ignoring case), named as the newest one
    /// calls itself; each group newest `lastSeen` first.
    func duplicateServerGroups() throws -> [(name: String, servers: [DuplicateServer])] {
        let groups = try store.read { view in
            // Names differing only in case or surrounding blanks are the same machine: one reported
            // by the upload URL (Duplicati < 2.0.8) and later by Duplicati itself, say.
            let byName = Dictionary(grouping: view.all(ServerRecord.self).map { Self.withLastSeen($0.summary, view) }) {
                ReportText.trimmed($0.name).lowercased()
            }
            return try byName.filter { $0.value.count > 1 }.mapValues { servers in
                try servers.map { server in
                    DuplicateServer(
                        server: server,
                        runCount: try view.scanRuns(ofServer: server.id, limit: 0).total
                    )
                }
            }
        }
        return groups.sorted { $0.key < $1.key }.map { _, servers in
            let newestFirst = servers.sorted { ($1.server.lastSeen, $0.server.id) < ($0.server.lastSeen, $1.server.id) }
            return (newestFirst[0].server.name, newestFirst)
        }
    }

    /// The ids of every run of server `id`, oldest first, from its jobs' `byJob` partitions.
    func runIds(ofServer id: String) throws -> [String] {
        try store.read { view in
            try view.scanRuns(ofServer: id).items.map(\.key)
        }
    }

    /// Mutations written in batches of about `limit`, each durable before the next is built, so a
    /// server with a hundred thousand runs never becomes one huge batch held in memory and in the lock.
    struct AdminBatches {
        /// The store written to.
        let store: FlatStore
        /// Mutations per batch; a unit that must stay atomic may overshoot it.
        var limit = 500
        private var batch = WriteBatch()
        private var pending = 0

        /// A writer with nothing pending.
        init(store: FlatStore) {
            self.store = store
        }

        /// Adds a put.
        mutating func put<Record: StoreRecord>(_ record: Record) throws {
            try batch.put(record)
            pending += 1
        }

        /// Adds a delete.
        mutating func delete<Record: StoreRecord>(_ type: Record.Type, key: String) {
            batch.delete(type, key: key)
            pending += 1
        }

        /// Writes the pending batch once it reached the limit; call only between atomic units.
        mutating func flushIfFull() async throws {
            if pending >= limit { try await flush() }
        }

        /// Writes whatever is pending and starts a new batch.
        mutating func flush() async throws {
            try await store.write(batch)
            batch = WriteBatch()
            pending = 0
        }
    }
}
