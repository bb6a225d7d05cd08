import FlatStore

/// Imports what a Node duplistatus database holds into the store: its servers and every run, each
/// run mapped like an upload of its report and stored through `BackupStore.ingest`, so a run already
/// here (imported before, or uploaded) is a duplicate and a second import writes nothing.
/// The reading of the database (SQLite) lives in the `Migration` target; this type sees only rows.
package struct LegacyImport: Sendable {
    /// Where the runs go.
    let backups: BackupStore
    /// The time used when a row has no `created_at`.
    let clock: any WallClock

    /// An import into `store`, opened with `StoreSchema.duplistatus`.
    package init(store: FlatStore) {
        backups = BackupStore(store: store)
        clock = SystemClock()
    }

    /// How many servers the store knows.
    package var serverCount: Int { backups.servers().count }

    /// Stores new servers and fills in what existing ones lack.
    package func importServers(_ servers: [LegacyServer], into report: inout LegacyImportReport) async throws {
        for server in servers {
            switch try await backups.importLegacyServer(server, now: clock.now()) {
            case .created: report.serversCreated += 1
            case .updated: report.serversUpdated += 1
            case .unchanged: report.serversUnchanged += 1
            }
            if server.hasPassword { report.serversWithPassword += 1 }
        }
    }

    /// Stores the runs of `rows` (a batch of the `backups` table); `serverNames` maps ids to names.
    package func importRuns(_ rows: [LegacyRow], serverNames: [String: String], into report: inout LegacyImportReport) async throws {
        for row in rows {
            let serverId = row.text("server_id") ?? row.text("machine_id") ?? ""
            switch LegacyRunMapper.map(row, serverName: serverNames[serverId]) {
            case .failure(let problem):
                report.problems.append("backups row \(problem.rowId): \(problem.reason)")
            case .success(let run):
                switch try await backups.ingest(run, receivedAt: row.time("created_at") ?? clock.now()) {
                case .stored: report.runsStored += 1
                case .duplicate: report.runsDuplicate += 1
                }
            }
        }
    }
}
