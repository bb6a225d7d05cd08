import FlatStore

/// The payload of `GET /api/metrics` (api.md §6). Unknown figures are written as `null`, never
/// left out, so dashboards can rely on the shape.
struct MetricsView: Encodable, Sendable {
    /// The process and the machine it runs on.
    struct System: Encodable, Sendable {
        /// Memory of this process.
        struct Memory: Encodable, Sendable {
            /// Resident bytes, or `null` when unknown.
            var rss: Nullable<Int64>
        }
        /// Space on the data directory's file system.
        struct Disk: Encodable, Sendable {
            /// Free bytes, or `null` when unknown.
            var free: Nullable<UInt64>
            /// Total bytes, or `null` when unknown.
            var total: Nullable<UInt64>
        }
        var uptimeSeconds: Int
        var memory: Memory
        /// 1, 5 and 15 minute load averages; empty where the platform has none.
        var load: [Double]
        var disk: Disk
    }

    /// The running application.
    struct Application: Encodable, Sendable {
        var version: String
        var startTime: APIJSON.Timestamp
        var requests: RequestCounter.Snapshot
    }

    /// The storage engine.
    struct Store: Encodable, Sendable {
        var runs: Int
        var servers: Int
        var logBytes: UInt64
        var snapshotBytes: UInt64
        /// Compactions since the store was opened.
        var compactions: Int
        var lastCompactionMs: Nullable<Double>
        /// How long opening (recovering) the store took.
        var recoveryMs: Double

        /// The figures of `statistics`.
        init(_ statistics: StoreStatistics) {
            runs = statistics.records[ParsedRun.collection] ?? 0
            servers = statistics.records[ServerRecord.collection] ?? 0
            logBytes = statistics.logBytes
            snapshotBytes = statistics.snapshotBytes
            compactions = statistics.compactions
            lastCompactionMs = Nullable(statistics.lastCompactionMilliseconds)
            recoveryMs = statistics.recovery.milliseconds
        }
    }

    /// Fleet figures, from the job states and the indexes.
    struct Backups: Encodable, Sendable {
        var totalServers: Int
        var totalBackupRuns: Int
        /// Percent (2 decimals) of jobs whose latest run succeeded; 0 without jobs.
        var successRate: Double
        /// Jobs overdue now.
        var overdue: Int
        /// Runs that began in the last 24 hours.
        var last24Hours: Int

        /// The API's fields of `activity`.
        init(_ activity: FleetActivity) {
            totalServers = activity.servers
            totalBackupRuns = activity.runs
            successRate = activity.latestStatuses.successPercent
            overdue = activity.overdue
            last24Hours = activity.recentRuns
        }
    }

    /// Notification deliveries since the server started (a delivery is one notification on one
    /// channel, after its retries).
    struct Notifications: Encodable, Sendable {
        /// The last failed delivery.
        struct Failure: Encodable, Sendable {
            var at: APIJSON.Timestamp
            var channel: String
            var reason: String
        }

        var sent: Int
        var failed: Int
        /// Deliveries dropped from a full queue before they were sent.
        var dropped: Int
        var lastFailure: Nullable<Failure>

        /// The API's fields of `figures`.
        init(_ figures: DeliveryRecord.Figures) {
            sent = figures.sent
            failed = figures.failed
            dropped = figures.dropped
            lastFailure = Nullable(figures.lastFailure.map { Failure(at: APIJSON.Timestamp($0.at), channel: $0.channel, reason: $0.reason) })
        }
    }

    var system: System
    var application: Application
    var store: Store
    var backups: Backups
    var notifications: Notifications
}
