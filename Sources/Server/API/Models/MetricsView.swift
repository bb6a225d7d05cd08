import FlatStore
import FoundationEssentials

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
        var startTime: String
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
    }

    var system: System
    var application: Application
    var store: Store
    var backups: Backups
}

extension BackupStore {
    /// The fleet figures of the metrics at `now`: job counts from `jobs`, run counts from the
    /// indexes (the 24-hour count is a range count per server, never a pass over every run).
    func metricsBackups(jobs: [JobState], now: Int64) -> MetricsView.Backups {
        let since = now - 86_400_000
        let (servers, runs, recent) = store.read { view in
            let recent = view.partitions(ParsedRun.self, index: ParsedRun.byServer).reduce(0) { sum, server in
                sum + view.scan(ParsedRun.self, index: ParsedRun.byServer, partition: server, from: since, to: now, limit: 0).total
            }
            return (view.count(ServerRecord.self), view.count(ParsedRun.self), recent)
        }
        return MetricsView.Backups(
            totalServers: servers,
            totalBackupRuns: runs,
            successRate: Self.successPercent(of: jobs),
            overdue: jobs.filter(\.verdict.isOverdue).count,
            last24Hours: recent
        )
    }

    /// Percent of `jobs` whose latest run succeeded, rounded to 2 decimals; 0 without jobs.
    static func successPercent(of jobs: [JobState]) -> Double {
        guard !jobs.isEmpty else { return 0 }
        let successes = jobs.filter { $0.lastRun.status == .success }.count
        return (Double(successes) * 10_000 / Double(jobs.count)).rounded() / 100
    }
}
