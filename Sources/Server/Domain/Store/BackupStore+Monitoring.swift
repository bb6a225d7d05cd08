import FlatStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension BackupStore {
    /// Every job's stored settings, by job key.
    func allSettings() -> [String: BackupSettings] {
        store.read { view in
            Dictionary(view.all(JobSettingsRecord.self).map { ($0.key, $0.summary) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// One job's stored settings, if it has any: a keyed read, so the upload path does not copy
    /// every job's settings to look at one.
    func settings(forJob key: String) -> BackupSettings? {
        store.read { $0.summary(JobSettingsRecord.self, key: key) }
    }

    /// The stored overdue settings (tolerance, repeat frequency), the defaults when none.
    func overdueConfiguration() -> OverdueConfiguration {
        store.read { Self.overdueConfiguration($0) }
    }

    /// How often the overdue check runs, every 5 minutes when nothing is stored.
    var checkInterval: CronInterval {
        (configuration(.cron, as: CronConfiguration.self) ?? CronConfiguration()).interval
    }

    /// Stores `changes` (job key → settings) in one durable batch; a job whose schedule or check
    /// switch changed forgets its overdue notification record (`monitoring.md` §3).
    func saveSettings(_ changes: [String: BackupSettings]) async throws {
        guard !changes.isEmpty else { return }
        try await serverWrites.run {
            let before = store.read { view in
                changes.keys.map { ($0, view.summary(JobSettingsRecord.self, key: $0), view.contains(OverdueStateRecord.self, key: $0)) }
            }
            var batch = WriteBatch()
            for (key, old, hasOverdueRecord) in before {
                guard let new = changes[key] else { continue }
                try batch.put(JobSettingsRecord(key: key, new))
                // Only a record that exists is deleted: no tombstone lines for nothing.
                if let old, hasOverdueRecord, new.changesSchedule(comparedTo: old) { batch.delete(OverdueStateRecord.self, key: key) }
            }
            try await store.write(batch)
        }
    }

    /// Every job's overdue notification state, by job key.
    func overdueStates() -> [String: OverdueStateRecord.State] {
        store.read { view in
            Dictionary(view.all(OverdueStateRecord.self).map { ($0.key, $0.summary) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Stores the overdue check's records in one durable batch, each only if its job still has
    /// runs and its stored record is still `before[key]`, the one the check read (nil: none).
    ///
    /// The check reads the jobs and their records, then may spend seconds sending notifications;
    /// it writes in the queue of `serverWrites`, so a job or server deleted, merged away or cleaned
    /// up meanwhile gets no record back that a later job of the same key would inherit, and a
    /// reset meanwhile (a changed schedule, `clearOverdueTimestamps`) is not undone: the next
    /// check starts from it.
    func saveOverdueStates(_ states: [String: OverdueStateRecord.State], replacing before: [String: OverdueStateRecord.State]) async throws {
        guard !states.isEmpty else { return }
        try await serverWrites.run(addsOnly: true) {
            let kept = try store.read { view in
                try states.filter { key, _ in
                    try view.summary(OverdueStateRecord.self, key: key) == before[key]
                        && !view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: key, limit: 1).items.isEmpty
                }
            }
            guard !kept.isEmpty else { return }
            var batch = WriteBatch()
            for (key, state) in kept { try batch.put(OverdueStateRecord(key: key, state)) }
            try await store.write(batch)
        }
    }

    /// Forgets when overdue notifications were last sent: the next check notifies every overdue job.
    /// In the queue of `serverWrites`, so a check writing meanwhile sees the reset and keeps it.
    func clearOverdueTimestamps() async throws -> Int {
        try await serverWrites.run {
            let keys = store.read { view in view.all(OverdueStateRecord.self).map(\.key) }
            guard !keys.isEmpty else { return 0 }
            var batch = WriteBatch()
            batch.delete(OverdueStateRecord.self, keys: keys)
            try await store.write(batch)
            return keys.count
        }
    }

    /// The stored section decoded, or nil when none is stored (or it no longer decodes).
    func configuration<Value: Decodable>(_ section: ConfigurationSection, as type: Value.Type) -> Value? {
        guard let json = store.read({ $0.summary(ConfigurationRecord.self, key: section.rawValue) }) else { return nil }
        return try? JSONDecoder().decode(Value.self, from: Data(json.utf8))
    }

    /// Stores a section whole and durably.
    func saveConfiguration(_ section: ConfigurationSection, _ value: some Encodable) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        var batch = WriteBatch()
        try batch.put(ConfigurationRecord(section: section.rawValue, json: json))
        try await store.write(batch)
    }

    /// Removes a section; whether one was stored.
    func deleteConfiguration(_ section: ConfigurationSection) async throws -> Bool {
        guard store.read({ $0.contains(ConfigurationRecord.self, key: section.rawValue) }) else { return false }
        var batch = WriteBatch()
        batch.delete(ConfigurationRecord.self, key: section.rawValue)
        try await store.write(batch)
        return true
    }
}
