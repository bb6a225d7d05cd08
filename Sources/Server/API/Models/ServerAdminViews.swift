/// Servers that share a name (`GET /api/servers/duplicates`).
struct DuplicateServerGroupView: Encodable, Sendable {
    /// One server of the group: its reference plus what helps choose the merge target.
    struct Member: Encodable, Sendable {
        var id: String
        var name: String
        var alias: String
        var note: String
        var lastSeen: APIJSON.Timestamp
        var runCount: Int
    }

    var name: String
    var servers: [Member]

    /// The group `name` of `servers`.
    init(name: String, servers: [BackupStore.DuplicateServer]) {
        self.name = name
        self.servers = servers.map { entry in
            let ref = ServerRefView(entry.server)
            return Member(
                id: ref.id,
                name: ref.name,
                alias: ref.alias,
                note: ref.note,
                lastSeen: APIJSON.Timestamp(entry.server.lastSeen),
                runCount: entry.runCount
            )
        }
    }
}

/// What `DELETE /api/servers/:serverId` removed.
struct DeletedServerView: Encodable, Sendable {
    var deletedServers: Int
    var deletedRuns: Int
}

/// What `POST /api/servers/merge` did.
struct MergedServersView: Encodable, Sendable {
    var movedRuns: Int
    /// Source runs dropped because the target already held the same run.
    var duplicateRuns: Int
    var mergedServers: Int

    /// The figures of a merge.
    init(_ outcome: BackupStore.MergeOutcome) {
        movedRuns = outcome.movedRuns
        duplicateRuns = outcome.duplicateRuns
        mergedServers = outcome.mergedServers
    }
}
