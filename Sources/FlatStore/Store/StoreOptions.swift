import FoundationEssentials
import Logging

/// When appended records are flushed to stable storage, like Redis' `appendfsync`.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// Flush before acknowledging; concurrent writes share one flush (group commit).
    case always
    /// Acknowledge after the write; flush at most one second later (up to ~1 s of writes can be lost).
    case everysec
    /// Never flush explicitly; the operating system decides (a crash can lose recent writes).
    case none
}

/// How a store is opened.
public struct StoreOptions: Sendable {
    /// The data directory, as given by the user.
    public var directory: String
    /// The flush policy.
    public var fsync: FsyncPolicy = .always
    /// A log segment is closed and a new one started once it reaches this size.
    public var segmentMaxBytes: UInt64 = 64 << 20
    /// The active log grows ahead of its writes in steps of this many bytes of newlines, flushed
    /// once, and each commit is written over them: a flush of bytes written in place waits for the
    /// disk half as often as one that also records a new file size (`fsync-cost.py`). Recovery,
    /// a rotation and a clean close cut the blank space off; 0 appends instead.
    public var logGrowthBytes: UInt64 = 1 << 20
    /// A commit group is written in pieces of about this many bytes (all flushed together), so a
    /// huge batch never needs its whole encoded form in memory.
    public var appendChunkBytes = 4 << 20
    /// A compaction appends its new base this many bytes at a time and flushes each piece, so no
    /// flush of a whole base (1.4 GB at a million runs) stands in front of the commits' flushes.
    public var compactionFlushBytes = 4 << 20
    /// Closed log segments are compressed in the background (`log-N.jsonl.gz`, still read by `zcat`
    /// and `zgrep`); their plain files go once `supersededRetention` has passed.
    public var compressSealedFiles = true
    /// Plain bytes of lines per compressed block: a record read inflates one block.
    public var compressionBlockBytes = 64 << 10
    /// A snapshot of the indexes is written once this many log bytes were appended since the last one.
    public var snapshotAfterBytes: UInt64 = 32 << 20
    /// Compaction runs when dead bytes exceed both this and half of the live bytes.
    public var compactionMinDeadBytes: UInt64 = 64 << 20
    /// How often the maintenance thread looks for work, in seconds.
    public var maintenanceInterval: Double = 5
    /// Files a compaction replaced are kept until a later compaction has replaced their replacement
    /// too, and at least this many seconds after they were replaced (default one hour), so that a
    /// `cp -a` or `rsync -a` that listed the directory before the compaction still finds every file
    /// it listed. The time is read from the replacing base's first line, so it survives restarts.
    public var supersededRetention: Double = 3600
    /// How often the maintenance thread re-reads every durable line to find damage (bit rot) that
    /// no open or read has seen yet; nil turns it off. It always runs once after an open that
    /// loaded a snapshot, since such an open did not read the lines the snapshot covers.
    public var scrubInterval: Double? = 86_400
    /// The wall clock, for the times written into bases and the retention rule (tests set it).
    public var clock: @Sendable () -> Date = { Date() }
    /// Called on the maintenance thread after each hold of the state lock in a compaction's scan
    /// and switch, with the lock free again: tests write at those moments.
    var betweenCompactionHolds: (@Sendable (CompactionHold) -> Void)?
    /// Whether background snapshots and compactions run (tools turn it off for offline work).
    public var backgroundMaintenance = true
    /// Whether `close` writes a snapshot so the next open is fast.
    public var snapshotOnClose = true
    /// The disk beneath the store; `nil` means the real one at `directory`.
    public var fileSystem: (any StoreFileSystem)?
    /// Where the store logs recovery, quarantine and failures.
    public var logger = Logger(label: "flatstore")
    /// The product that keeps its data here, as its users know it ("duplistatus"): the title of the
    /// data directory's README and the holder named when the directory is locked. FlatStore
    /// speaks of "the store" when it is nil.
    public var productName: String?
    /// Small files the product keeps in the data directory beside the store (e.g. a key file):
    /// written with `writeSidecar`, copied by `backup`, never touched by compaction.
    public var sidecars: Set<String> = []
    /// The product's own part of the data directory's README (what its collections hold, recipes
    /// for finding things with grep and jq), written above the store's layout section.
    public var readmeProductSection: String?

    /// Options for `directory` with defaults for everything else.
    public init(directory: String) {
        self.directory = directory
    }

    /// The disk the store works through: the given one or the real one, serving compressed logs.
    var resolvedFileSystem: any StoreFileSystem { CompressedDataFiles(fileSystem ?? PosixFileSystem(directory: directory)) }

    /// The lock file's name: it holds nothing, and a copy of the directory need not carry it.
    public static let lockFileName = DataFileName.lock

    /// Whether `name` is a file this store keeps in its data directory (a log, base, snapshot,
    /// the quarantine, the README or a sidecar) — what a backup archive may hold.
    public func isStoreFile(_ name: String) -> Bool {
        DataFileName.dataFile(name) != nil || DataFileName.compressedDataFile(name) != nil || DataFileName.snapshotPoint(name) != nil
            || name == DataFileName.quarantine
            || name == DataFileName.readme || sidecars.contains(name)
    }
}
