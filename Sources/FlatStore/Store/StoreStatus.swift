import FoundationEssentials

/// What open found and did to bring the store back.
public struct RecoveryReport: Sendable {
    /// The snapshot the indexes were loaded from, if one was usable.
    public var snapshot: String?
    /// Snapshots that were skipped, with why.
    public var skippedSnapshots: [String] = []
    /// Bytes of log read and replayed.
    public var replayedBytes: UInt64 = 0
    /// Records applied from the log (beyond the snapshot).
    public var replayedRecords = 0
    /// Temporary files of an interrupted snapshot or compaction that were removed.
    public var removedTemporaryFiles: [String] = []
    /// Where a torn tail was cut off (file and offset), if one was.
    public var truncatedTail: QuarantinedSpan?
    /// Places where the log's sequence numbers jump (records missing, e.g. a truncated copy).
    public var sequenceGaps: [String] = []
    /// Spans quarantined during this open.
    public var quarantined: [QuarantinedSpan] = []
    /// How long open took.
    public var milliseconds: Double = 0
}

/// Figures about an open store, for health checks and metrics.
public struct StoreStatistics: Sendable {
    /// Live records per collection.
    public var records: [String: Int]
    /// Bytes of log segments.
    public var logBytes: UInt64
    /// Bytes of the compacted base.
    public var baseBytes: UInt64
    /// Bytes of index snapshots.
    public var snapshotBytes: UInt64
    /// Bytes of lines holding live records.
    public var liveBytes: UInt64
    /// Bytes of superseded or deleted lines, reclaimed by compaction.
    public var deadBytes: UInt64
    /// When the last snapshot was written.
    public var lastSnapshot: Date?
    /// When the last compaction finished.
    public var lastCompaction: Date?
    /// Compactions since open.
    public var compactions: Int
    /// Duration of the last compaction.
    public var lastCompactionMilliseconds: Double?
    /// What open did.
    public var recovery: RecoveryReport
    /// Spans listed in the quarantine file.
    public var quarantinedSpans: Int
    /// The failure that stopped writes, if any.
    public var writeFailure: String?
    /// The last background maintenance error, if any.
    public var maintenanceError: String?
    /// The fsync policy.
    public var fsync: FsyncPolicy
    /// Free bytes on the data directory's file system.
    public var freeBytes: UInt64?
    /// In-memory index entries handed to readers since open (summaries read, scan entries visited).
    public var indexEntriesRead: Int

    /// Total live records.
    public var totalRecords: Int { records.values.reduce(0, +) }
    /// Whether writes are accepted.
    public var writable: Bool { writeFailure == nil }
}

/// Mutable bookkeeping beside the indexes: files, maintenance history, failures.
struct StoreStatus: Sendable {
    struct Obsolete: Sendable {
        var name: String
        var file: FileID?
        var deadline: ContinuousClock.Instant
    }

    var base: UInt32
    var snapshot: (name: String, header: SnapshotFile.Header)?
    var lastSnapshot: Date?
    var lastCompaction: Date?
    var compactions = 0
    var lastCompactionMilliseconds: Double?
    var recovery: RecoveryReport
    var quarantine: Quarantine
    var obsolete: [Obsolete] = []
    var maintenanceError: String?
    /// Log bytes appended since the snapshot was taken (approximate; drives periodic snapshots).
    var snapshotReplay: LogPosition
}
