import Dispatch
import FoundationEssentials
import Logging
import Synchronization

/// An embedded, file-backed store: an append-only JSON-lines log with in-memory indexes,
/// compacted bases and index snapshots. See `README.md` in a data directory for the layout.
///
/// Writes are acknowledged only once durable (per `FsyncPolicy`); reads never wait for a flush.
public final class FlatStore: Sendable {
    /// The options the store was opened with.
    public let options: StoreOptions
    let fileSystem: any StoreFileSystem
    let state: Locked<StoreState>
    let files: FileCache
    let committer: Committer
    let maintenance: Maintenance
    let status: Locked<StoreStatus>
    private let lock: any LockOwner

    init(
        options: StoreOptions,
        fileSystem: any StoreFileSystem,
        state: Locked<StoreState>,
        committer: Committer,
        status: Locked<StoreStatus>,
        lock: any LockOwner
    ) {
        self.options = options
        self.fileSystem = fileSystem
        self.state = state
        self.committer = committer
        self.status = status
        self.lock = lock
        files = FileCache(fileSystem: fileSystem)
        maintenance = Maintenance()
    }

    // MARK: Writing

    /// Appends a batch and returns once it is durable (per the fsync policy) and visible to reads.
    public func write(_ batch: WriteBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        try await committer.submit(.records(batch.pending()))
    }

    /// Stores `record`, replacing any record with the same key.
    public func put<Record: StoreRecord>(_ record: Record) async throws(StoreError) {
        var batch = WriteBatch()
        try batch.put(record)
        try await write(batch)
    }

    /// Deletes one record (a no-op in memory if it does not exist; the tombstone is still logged).
    public func delete<Record: StoreRecord>(_ type: Record.Type, key: String) async throws(StoreError) {
        var batch = WriteBatch()
        batch.delete(type, key: key)
        try await write(batch)
    }

    // MARK: Reading

    /// Runs `body` with a consistent view of the indexes and aggregates; keep it short (no I/O).
    public func read<Result: Sendable>(_ body: (StoreView) throws -> Result) rethrows -> Result {
        try state.withLock { state in try body(StoreView(state: state)) }
    }

    /// Reads and decodes one record's body from disk.
    ///
    /// A line found damaged here is set aside (quarantined, the record taken out of the indexes, the
    /// health report says so) and `StoreError.corruptRecord` is thrown.
    public func record<Record: StoreRecord>(_ type: Record.Type, key: String) throws(StoreError) -> Record? {
        guard let location = state.withLock({ $0.typed(type)?.location(of: key) }) else { return nil }
        do {
            return try decode(type, at: location)
        } catch {
            if case .corruptRecord = error {
                setAside([(Record.collection, key, location)], reason: "checksum mismatch (found when read)")
            }
            throw error
        }
    }

    func decode<Record: StoreRecord>(_ type: Record.Type, at location: RecordLocation) throws(StoreError) -> Record {
        let line = try files.line(at: location)
        return try Record(storedBody: Self.body(of: line, location: location))
    }

    static func body(of line: [UInt8], location: RecordLocation) throws(StoreError) -> [UInt8] {
        let range: Range<Int>? = line.withUnsafeBytes { raw in (try? RecordLine.header(of: raw))?.bodyRange }
        guard let range else { throw StoreError.corruptRecord(file: location.file.name, offset: location.offset) }
        return Array(line[range])
    }

    // MARK: Lifecycle

    /// Flushes, writes a final snapshot so the next open is fast, and releases the directory lock.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DedicatedThread.start(named: "store-close") { [self] in
                closeBlocking()
                continuation.resume()
            }
        }
    }

    /// `close()` for callers outside Swift concurrency (command-line tools, tests' cleanup).
    public func closeBlocking() {
        maintenance.stop()
        // The snapshot below covers the whole log, so the log must be durable first; a store whose
        // final flush fails keeps the previous snapshot and replays on the next open.
        var healthy = committer.failure == nil
        if healthy {
            do {
                try committer.submitAndWait(.sync)
            } catch {
                healthy = false
                options.logger.error("final flush failed; no snapshot written", metadata: ["error": "\(error)"])
            }
        }
        if healthy, options.snapshotOnClose, tailBytesSinceSnapshot > 0 {
            do { try writeSnapshot() } catch {
                options.logger.warning("snapshot at close failed", metadata: ["error": "\(error)"])
            }
        }
        _ = try? committer.submitAndWait(.close)
        files.closeAll()
        lock.release()
    }
}
