import FlatStore

/// The answer of `GET /api/admin/system/info` (api.md §7).
struct SystemInfoView: Encodable, Sendable {
    struct Application: Encodable, Sendable {
        var name = "duplistatus"
        var version = AppVersion.current
        var swiftVersion = SystemInfoView.swiftVersion
        var platform = SystemProbe.platform
        var arch = SystemProbe.architecture
        var pid = SystemProbe.processId
        var startTime: APIJSON.Timestamp
        var uptimeSeconds: Int
    }

    struct Memory: Encodable, Sendable {
        var total: Nullable<UInt64>
        var free: Nullable<UInt64>
        /// This process's resident memory.
        var rss: Nullable<Int64>
    }

    struct Disk: Encodable, Sendable {
        var total: Nullable<UInt64>
        var free: Nullable<UInt64>
    }

    struct System: Encodable, Sendable {
        var hostname: Nullable<String>
        var uptimeSeconds: Nullable<Int>
        var load: [Double]
        var memory: Memory
        var disk: Disk
    }

    struct File: Encodable, Sendable {
        var name: String
        var bytes: UInt64
    }

    struct Store: Encodable, Sendable {
        /// The data directory as configured.
        var dataDir: String
        var fsyncPolicy: String
        /// How long files a compaction replaced are kept for copies in progress.
        var replacedFilesKeptSeconds: Double
        var files: [File]
        var records: [String: Int]
        var runs: Int
        var servers: Int
        var logBytes: UInt64
        var baseBytes: UInt64
        var snapshotBytes: UInt64
        var lastSnapshot: Nullable<APIJSON.Timestamp>
        var lastCompaction: Nullable<APIJSON.Timestamp>
        var compactions: Int
        var quarantinedSpans: Int
        var missing: [String]
        var damagedRecords: [String]
        var writable: Bool
    }

    struct Services: Encodable, Sendable {
        struct Web: Encodable, Sendable { var port: Int }
        struct Scheduler: Encodable, Sendable { var running: Bool }
        var web: Web
        var scheduler: Scheduler
    }

    var application: Application
    var system: System
    var store: Store
    var services: Services

    /// The figures now of `store`, running since `startedAt` (epoch ms) and answering on `port`,
    /// with the overdue scheduler running or not (switched off by `cron-config`).
    init(store flatStore: FlatStore, port: Int, startedAt: Int64, now: Int64, schedulerRunning: Bool) {
        let statistics = flatStore.statistics()
        let options = flatStore.options
        let uptime = Int(max(0, now - startedAt) / 1000)
        application = Application(startTime: APIJSON.Timestamp(startedAt), uptimeSeconds: uptime)
        let memory = SystemProbe.memory()
        let disk = SystemProbe.diskSpace(options.directory)
        system = System(
            hostname: Nullable(SystemProbe.hostName()),
            uptimeSeconds: Nullable(SystemProbe.machineUptimeSeconds()),
            load: SystemProbe.loadAverages(),
            memory: Memory(total: Nullable(memory?.total), free: Nullable(memory?.available), rss: Nullable(SystemProbe.residentBytes())),
            disk: Disk(total: Nullable(disk?.total), free: Nullable(disk?.free))
        )
        store = Store(
            dataDir: options.directory,
            fsyncPolicy: options.fsync.rawValue,
            replacedFilesKeptSeconds: options.supersededRetention,
            files: flatStore.directoryListing().map { File(name: $0.name, bytes: $0.bytes) },
            records: statistics.records,
            runs: statistics.records[ParsedRun.collection] ?? 0,
            servers: statistics.records[ServerRecord.collection] ?? 0,
            logBytes: statistics.logBytes,
            baseBytes: statistics.baseBytes,
            snapshotBytes: statistics.snapshotBytes,
            lastSnapshot: Nullable(statistics.lastSnapshot.map(APIJSON.Timestamp.init)),
            lastCompaction: Nullable(statistics.lastCompaction.map(APIJSON.Timestamp.init)),
            compactions: statistics.compactions,
            quarantinedSpans: statistics.quarantinedSpans,
            missing: statistics.missing,
            damagedRecords: statistics.damagedRecords,
            writable: statistics.writable
        )
        services = Services(web: Services.Web(port: port), scheduler: Services.Scheduler(running: schedulerRunning))
    }

    /// The language version the binary was built with.
    static let swiftVersion: String = {
        #if swift(>=6.3)
        "6.3"
        #elseif swift(>=6.2)
        "6.2"
        #elseif swift(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }()
}
