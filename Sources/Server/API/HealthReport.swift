import FlatStore
import FoundationEssentials

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
    var timestamp: Date
    /// The store's figures.
    var store: StoreHealth
    /// The state of each part of the process.
    var services: ServiceStates

    /// A report from the store's current statistics.
    init(statistics: StoreStatistics, uptimeSeconds: Int, now: Date = Date()) {
        store = StoreHealth(statistics)
        health =
            switch store.status {
            case .ok: .healthy
            case .degraded: .degraded
            case .failed: .unhealthy
            }
        version = AppVersion.current
        self.uptimeSeconds = uptimeSeconds
        timestamp = now
        services = ServiceStates()
    }
}

/// The store part of the health report.
struct StoreHealth: Encodable, Sendable {
    /// The store's own verdict.
    enum Status: String, Encodable, Sendable {
        /// Writing, nothing set aside, maintenance succeeding.
        case ok
        /// Serving, but damaged data was quarantined or maintenance is failing.
        case degraded
        /// Writes stopped after a failure: nothing new can be recorded.
        case failed
    }

    /// The verdict.
    var status: Status
    /// Known Duplicati installations.
    var servers: Int
    /// Stored backup runs.
    var runs: Int
    /// Bytes in log segments not yet compacted into the base.
    var logBytes: UInt64
    /// Bytes of the current index snapshot.
    var snapshotBytes: UInt64
    /// When the last snapshot was written, if ever.
    var lastSnapshot: Nullable<Date>
    /// When the last compaction finished, if ever.
    var lastCompaction: Nullable<Date>
    /// Free space beneath the data directory, when the system reports it.
    var dataDirFreeBytes: Nullable<UInt64>
    /// Live records per collection.
    var records: [String: Int]
    /// Damaged spans set aside in `quarantine.jsonl`.
    var quarantinedSpans: Int
    /// Whether the store still accepts writes.
    var writable: Bool

    /// The figures of `statistics`; servers and runs are the sizes of those collections.
    init(_ statistics: StoreStatistics) {
        status =
            if !statistics.writable { .failed } else if statistics.quarantinedSpans > 0 || statistics.maintenanceError != nil {
                .degraded
            } else { .ok }
        servers = statistics.records["servers"] ?? 0
        runs = statistics.records["runs"] ?? 0
        logBytes = statistics.logBytes
        snapshotBytes = statistics.snapshotBytes
        lastSnapshot = Nullable(statistics.lastSnapshot)
        lastCompaction = Nullable(statistics.lastCompaction)
        dataDirFreeBytes = Nullable(statistics.freeBytes)
        records = statistics.records
        quarantinedSpans = statistics.quarantinedSpans
        writable = statistics.writable
    }
}

/// The state of each part of the process.
struct ServiceStates: Encodable, Sendable {
    /// The HTTP server: answering this request proves it runs.
    var web = "running"
    /// The overdue/maintenance scheduler, which does not exist yet.
    var scheduler = "not-configured"
    /// Notification delivery, which does not exist yet.
    var notifications = "not-configured"
}
