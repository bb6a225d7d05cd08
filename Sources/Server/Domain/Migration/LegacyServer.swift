import FlatStore

/// A row of the Node duplistatus `servers` table (0.7 and later) or `machines` table (before 0.7).
package struct LegacyServer: Sendable, Equatable {
    /// The machine id.
    package var id: String
    /// The machine name.
    package var name: String
    /// The display name the user chose (0.7 and later).
    package var alias: String
    /// The user's note (0.7 and later).
    package var note: String
    /// The Duplicati server's address (0.7 and later).
    package var serverUrl: String
    /// When the row was written (epoch ms).
    package var createdAt: Int64?
    /// True when the row holds a Duplicati password (0.8 and later), which is not imported.
    package var hasPassword: Bool

    /// The server of a `servers` or `machines` row; nil without a usable id (its runs are then
    /// listed as problems, naming why).
    package init?(row: LegacyRow) {
        guard let id = ReportText.nonBlank(row.text("id")), RunIdentity.isUsableServerId(id) else { return nil }
        self.id = id
        // The Node app had no limits; a name this server would refuse gives way to the id, and an
        // alias or note longer than the page allows is cut there.
        name = ReportText.usableName(row.text("name")) ?? id
        alias = String(String.UnicodeScalarView((row.text("alias") ?? "").unicodeScalars.prefix(ServerRecord.longest.alias)))
        note = String(String.UnicodeScalarView((row.text("note") ?? "").unicodeScalars.prefix(ServerRecord.longest.note)))
        serverUrl = row.text("server_url") ?? ""
        createdAt = row.time("created_at")
        hasPassword = ReportText.nonBlank(row.text("server_password")) != nil
    }
}

extension BackupStore {
    /// What importing one legacy server did.
    enum LegacyServerOutcome: Sendable, Equatable {
        case created, updated, unchanged
    }

    /// Stores `server` when it is new; for a server already here, fills in the alias, note and URL
    /// only where ours are empty (what the user set here wins) and moves `firstSeen` back to the
    /// older row's date. Writes nothing when nothing changes, so a second import is a no-op.
    func importLegacyServer(_ server: LegacyServer, now: Int64) async throws -> LegacyServerOutcome {
        try await serverWrites.run { [store] in
            let created = server.createdAt ?? now
            guard var record = store.read({ $0.summary(ServerRecord.self, key: server.id) }) else {
                let record = ServerRecord(
                    id: server.id,
                    name: server.name,
                    alias: server.alias,
                    note: server.note,
                    serverUrl: server.serverUrl,
                    firstSeen: created,
                    lastSeen: created
                )
                try await store.put(record)
                return .created
            }
            let before = record
            if record.alias.isEmpty { record.alias = server.alias }
            if record.note.isEmpty { record.note = server.note }
            if record.serverUrl.isEmpty { record.serverUrl = server.serverUrl }
            record.firstSeen = min(record.firstSeen, created)
            guard record != before else { return .unchanged }
            try await store.put(record)
            return .updated
        }
    }
}
