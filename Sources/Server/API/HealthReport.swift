import FlatStore

/// The payload of `GET /api/health` (api.md §6).
struct HealthReport: Encodable, Sendable {
    /// The overall verdict.
    enum Health: String, Encodable, Sendable {
        case healthy, degraded, unhealthy
    }

    /// The overall verdict.
    var health: Health
    /// The running version.
    var version: String
    /// Whole seconds since the application was built.
    var uptimeSeconds: Int
    /// When this report was made.
    var timestamp: APIJSON.Timestamp
    /// The store's figures.
    var store: StoreHealth
    /// The state of each part of the process.
    var services: ServiceStates

    /// A report from the store's current statistics.
    init(statistics: StoreStatistics, uptimeSeconds: Int, now: Int64) {
        store = StoreHealth(statistics)
        health =
            switch StoreCondition(statistics) {
            case .ok: .healthy
            case .degraded: .degraded
            case .failed: .unhealthy
            }
        version = AppVersion.current
        self.uptimeSeconds = uptimeSeconds
        timestamp = APIJSON.Timestamp(now)
        services = ServiceStates()
    }
}

/// The store part of the health report.
struct StoreHealth: Encodable, Sendable {
    /// The store's own verdict: `ok`, `degraded` or `failed`.
    var status: String
    /// Known Duplicati installations.
    var servers: Int
    /// Stored backup runs.
    var runs: Int
    /// Bytes in log segments not yet compacted into the base.
    var logBytes: UInt64
    /// Bytes of the current index snapshot.
    var snapshotBytes: UInt64
    /// When the last snapshot was written, if ever.
    var lastSnapshot: Nullable<APIJSON.Timestamp>
    /// When the last compaction finished, if ever.
    var lastCompaction: Nullable<APIJSON.Timestamp>
    /// Free space beneath the data directory, when the system reports it.
    var dataDirFreeBytes: Nullable<UInt64>
    /// Live records per collection.
    var records: [String: Int]
    /// Damaged spans set aside in `quarantine.jsonl`.
    var quarantinedSpans: Int
    /// Files or records found missing when the store was opened (a partial copy, a deleted file),
    /// in plain words; `duplistatus verify` names the same.
    var missing: [String]
    /// Records whose only copy was found damaged since the start (`collection/key`), set aside.
    var damagedRecords: [String]
    /// Whether the store still accepts writes.
    var writable: Bool

    /// The figures of `statistics`; servers and runs are the sizes of those collections.
    init(_ statistics: StoreStatistics) {
        status = StoreCondition(statistics).rawValue
        servers = statistics.records[ServerRecord.collection] ?? 0
        runs = statistics.records[ParsedRun.collection] ?? 0
        logBytes = statistics.logBytes
        snapshotBytes = statistics.snapshotBytes
        lastSnapshot = Nullable(statistics.lastSnapshot.map(APIJSON.Timestamp.init))
        lastCompaction = Nullable(statistics.lastCompaction.map(APIJSON.Timestamp.init))
        dataDirFreeBytes = Nullable(statistics.freeBytes)
        records = statistics.records
        quarantinedSpans = statistics.quarantinedSpans
        missing = statistics.missing
        damagedRecords = statistics.damagedRecords
        writable = statistics.writable
    }
}

/// The state of each part of the process.
struct ServiceStates: Encodable, Sendable {
    /// The HTTP server: answering this request proves it runs.
    var web = "running"
    /// The overdue scheduler: `running`, or `disabled` by `cron-config`.
    var scheduler = "running"
    /// Notification delivery: `configured` when at least one channel is on, else `not-configured`.
    var notifications = "not-configured"
}
