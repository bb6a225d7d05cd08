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
    /// Files or records that should be there and are not (a missing file, a file cut short, a jump
    /// in the sequence numbers), in plain words. Open still loads everything that is there.
    public var missing: [String] = []
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
    /// Data files in use: log segments, the base and the snapshot.
    public var files: Int
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
    /// Files or records open found missing (`RecoveryReport.missing`).
    public var missing: [String]
    /// Records whose only copy was found damaged since open (`collection/key`), now quarantined.
    public var damagedRecords: [String]
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
    /// Whether anything was found missing or damaged: a person should look (`verify` tells where).
    public var hasDataProblems: Bool { quarantinedSpans > 0 || !missing.isEmpty || !damagedRecords.isEmpty }
}

/// Mutable bookkeeping beside the indexes: files, maintenance history, failures.
struct StoreStatus: Sendable {
    var base: UInt32
    var snapshot: (name: String, header: SnapshotFile.Header)?
    var lastSnapshot: Date?
    var lastCompaction: Date?
    var compactions = 0
    var lastCompactionMilliseconds: Double?
    var recovery: RecoveryReport
    var quarantine: Quarantine
    var maintenanceError: String?
    /// Log bytes appended since the snapshot was taken (approximate; drives periodic snapshots).
    var snapshotReplay: LogPosition
    /// Whether the scrub should run at the next maintenance tick.
    var scrubDue = false
    /// When the last scrub finished.
    var lastScrub: ContinuousClock.Instant?
    /// Records whose only copy was found damaged after open (by a read, the scrub or a compaction),
    /// as `collection/key`; they were taken out of the indexes and their lines quarantined.
    var damagedRecords: [String] = []
}
