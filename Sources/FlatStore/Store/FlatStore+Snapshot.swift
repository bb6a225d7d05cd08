import FoundationEssentials
import Logging

extension FlatStore {
    /// Writes an index snapshot now, so the next open replays only what comes after it.
    ///
    /// Incremental: it merges the previous snapshot with the log written since, keeping each record
    /// only where its current location still matches, so the result is exactly the state at the
    /// replay point even while writes go on.
    public func snapshot() async throws {
        try await onMaintenanceThread { try self.writeSnapshot() }
    }

    /// Log bytes appended since the last snapshot (approximate across segments).
    var tailBytesSinceSnapshot: UInt64 {
        let applied = state.withLock { $0.applied }
        let since = status.withLock { $0.snapshotReplay }
        guard applied > since else { return 0 }
        if applied.file == since.file { return applied.offset - since.offset }
        return UInt64(applied.file - since.file) * options.segmentMaxBytes + applied.offset
    }

    func writeSnapshot() throws {
        try maintenance.exclusively { try writeSnapshotExclusively(mergingPrevious: true) }
    }

    private func writeSnapshotExclusively(mergingPrevious: Bool) throws {
        let (replay, lastSequence, counts) = state.withLock { state in
            (state.applied, state.lastSequence, state.collections.mapValues(\.count))
        }
        let (base, previous) = status.withLock { ($0.base, $0.snapshot) }
        if let previous, previous.header.replay == replay, previous.header.base == base { return }
        // Only a snapshot of the same base can be merged: after a compaction whose own snapshot
        // failed, the previous one points into files the new base replaced.
        let mergeable = mergingPrevious ? previous.flatMap { $0.header.base == base ? $0 : nil } : nil
        let header = SnapshotFile.Header(
            base: base,
            replay: replay,
            lastSequence: lastSequence,
            counts: counts,
            created: options.clock()
        )
        let writer = try SnapshotFile.Writer(fileSystem: fileSystem, header: header)
        do {
            var start = LogPosition(file: base + 1, offset: 0)
            if let previous = mergeable {
                do {
                    _ = try SnapshotFile.read(
                        fileSystem,
                        name: previous.name,
                        header: { _ in },
                        entry: { entry in
                            if isCurrent(entry.collection, entry.key, entry.location) {
                                try writer.add(
                                    collection: entry.collection,
                                    key: entry.key,
                                    fields: entry.fields,
                                    location: entry.location
                                )
                            }
                        }
                    )
                    start = previous.header.replay
                } catch let error as SnapshotFile.Unusable {
                    options.logger.warning("previous snapshot unreadable, rebuilding", metadata: ["reason": "\(error)"])
                    writer.discard()
                    return try writeSnapshotExclusively(mergingPrevious: false)
                }
            } else if base > 0 {
                try addCurrentLines(of: .base(base), from: 0, upTo: nil, to: writer)
            }
            for number in start.file...replay.file {
                try addCurrentLines(
                    of: .log(number),
                    from: number == start.file ? start.offset : 0,
                    upTo: number == replay.file ? replay.offset : nil,
                    to: writer
                )
            }
            // A line the snapshot leaves out because a newer write replaced it is safe to leave out
            // only once that newer write is durable; and the snapshot claims every byte up to its
            // replay point is on disk. One flush after the merge settles both (everysec and none).
            try committer.submitAndWait(.sync)
            let name = try writer.publish()
            status.withLock { status in
                status.snapshot = (name, header)
                status.lastSnapshot = Date()
                status.snapshotReplay = replay
            }
            options.logger.debug("snapshot written", metadata: ["file": "\(name)", "records": "\(writer.count)"])
            deleteExpiredFilesExclusively()
        } catch {
            writer.discard()
            throw error
        }
    }

    func isCurrent(_ collection: String, _ key: String, _ location: RecordLocation) -> Bool {
        state.withLock { $0.collection(named: collection).location(of: key) == location }
    }

    /// Adds the lines of `file` in `[from, upTo)` that still hold the current version of their record.
    private func addCurrentLines(of file: FileID, from: UInt64, upTo: UInt64?, to writer: SnapshotFile.Writer) throws {
        let handle = try fileSystem.open(file.name, mode: .read)
        defer { fileSystem.close(handle) }
        _ = try LineReader(fileSystem: fileSystem, handle: handle).forEachLine(from: from, limit: upTo) { line, offset in
            guard SealedLine.isIntact(line), let header = try? RecordLine.header(of: line), header.operation == .put
            else { return true }
            let location = RecordLocation(file: file, offset: offset, length: UInt32(line.count))
            if isCurrent(header.collection, header.key, location) {
                try writer.add(collection: header.collection, key: header.key, fields: header.fields, location: location)
            }
            return true
        }
    }

    /// Runs blocking maintenance work on a dedicated thread and awaits it.
    func onMaintenanceThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DedicatedThread.start(named: "store-maintain") {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}
