import FoundationEssentials
import Logging

/// What a compaction did.
public struct CompactionReport: Sendable {
    /// Data bytes (bases and logs) before.
    public var bytesBefore: UInt64
    /// Data bytes after (the new base plus the logs it does not cover).
    public var bytesAfter: UInt64
    /// Live records copied into the new base.
    public var records: Int
    /// How long it took.
    public var milliseconds: Double
}

extension FlatStore {
    /// Rewrites every closed log and the previous base into a new base holding only live records,
    /// without stopping writes or reads.
    ///
    /// The new base and its snapshot are published with temp → fsync → rename → fsync(dir); the files
    /// they replace are deleted only after the grace period, so a copy taken at any instant opens.
    public func compact() async throws -> CompactionReport {
        try await onMaintenanceThread { try self.compactNow() }
    }

    /// `compact()` for callers that may block (the offline `compact` command, the maintenance thread).
    public func compactNow() throws -> CompactionReport {
        try maintenance.exclusively {
            do {
                return try compactExclusively()
            } catch {
                let message = "\(error)"
                status.withLock { $0.maintenanceError = "compaction failed: \(message)" }
                options.logger.error("compaction failed; previous files kept, will retry", metadata: ["error": "\(message)"])
                throw error
            }
        }
    }

    private func compactExclusively() throws -> CompactionReport {
        let started = ContinuousClock.now
        try committer.submitAndWait(.rotate)
        let (covered, lastSequence) = state.withLock { ($0.applied.file - 1, $0.lastSequence) }
        let bytesBefore = try dataBytes()
        let target = FileID.base(covered)
        var entries: [(collection: String, key: String, location: RecordLocation)] = []
        state.withLock { state in
            for collection in state.collections.values {
                collection.forEachLocation { key, location in
                    if location.file.isBase || location.file.number <= covered {
                        entries.append((collection.name, key, location))
                    }
                }
            }
        }
        entries.sort { ($0.location.file, $0.location.offset) < ($1.location.file, $1.location.offset) }

        let temporary = target.name + DataFileName.temporarySuffix
        try? fileSystem.remove(temporary)
        let handle = try fileSystem.open(temporary, mode: .createNew)
        let snapshot = SnapshotFile.Header(
            base: covered,
            replay: LogPosition(file: covered + 1, offset: 0),
            lastSequence: lastSequence,
            counts: entries.reduce(into: [:]) { counts, entry in counts[entry.collection, default: 0] += 1 }
        )
        let writer = try SnapshotFile.Writer(fileSystem: fileSystem, header: snapshot)
        var newOffsets: [UInt64] = []
        newOffsets.reserveCapacity(entries.count)
        do {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(4 << 20)
            var offset: UInt64 = 0
            for entry in entries {
                let line = try files.line(at: entry.location)
                let header = try line.withUnsafeBytes { raw in try RecordLine.header(of: raw) }
                var moved = entry.location
                moved.file = target
                moved.offset = offset
                try writer.add(collection: entry.collection, key: entry.key, fields: header.fields, location: moved)
                newOffsets.append(offset)
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                offset += UInt64(line.count + 1)
                if buffer.count >= 4 << 20 {
                    try buffer.withUnsafeBytes { try fileSystem.append(handle, $0) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try buffer.withUnsafeBytes { try fileSystem.append(handle, $0) }
            try fileSystem.sync(handle)
            fileSystem.close(handle)
            try fileSystem.rename(temporary, to: target.name)
            try fileSystem.syncDirectory()
        } catch {
            fileSystem.close(handle)
            try? fileSystem.remove(temporary)
            writer.discard()
            throw error
        }
        // The base is durable: from here on a reopen uses it even if the snapshot below fails.
        status.withLock { $0.base = covered }
        state.withLock { state in
            for (index, entry) in entries.enumerated() {
                var moved = entry.location
                moved.file = target
                moved.offset = newOffsets[index]
                state.collection(named: entry.collection).relocate(key: entry.key, from: entry.location, to: moved)
            }
        }
        let snapshotName = try writer.publish()
        let names = try fileSystem.listFiles()
        let deadline = graceDeadline
        status.withLock { status in
            for name in names {
                if let file = DataFileName.dataFile(name), file != target,
                    file.isBase || file.number <= covered
                {
                    status.obsolete.append(.init(name: name, file: file, deadline: deadline))
                } else if DataFileName.snapshotPoint(name) != nil, name != snapshotName {
                    status.obsolete.append(.init(name: name, file: nil, deadline: deadline))
                }
            }
            status.snapshot = (snapshotName, snapshot)
            status.snapshotReplay = snapshot.replay
            status.lastSnapshot = Date()
            status.lastCompaction = Date()
            status.compactions += 1
            status.maintenanceError = nil
        }
        let bytesAfter = try dataBytes()
        state.withLock { state in state.deadBytes = bytesAfter > state.liveBytes ? bytesAfter - state.liveBytes : 0 }
        let milliseconds = (ContinuousClock.now - started).milliseconds
        status.withLock { $0.lastCompactionMilliseconds = milliseconds }
        options.logger.info(
            "compaction finished",
            metadata: [
                "records": "\(entries.count)", "bytesBefore": "\(bytesBefore)", "bytesAfter": "\(bytesAfter)",
                "ms": "\(Int(milliseconds))",
            ]
        )
        return CompactionReport(
            bytesBefore: bytesBefore,
            bytesAfter: bytesAfter,
            records: entries.count,
            milliseconds: milliseconds
        )
    }

    /// Bytes of the data files in use: the current base and the logs after it.
    func dataBytes() throws -> UInt64 {
        var total: UInt64 = 0
        let base = status.withLock { $0.base }
        for name in try fileSystem.listFiles() {
            guard let file = DataFileName.dataFile(name) else { continue }
            if file.isBase ? file.number != base : file.number <= base { continue }
            let handle = try fileSystem.open(name, mode: .read)
            total += try fileSystem.size(handle)
            fileSystem.close(handle)
        }
        return total
    }

    /// Deletes superseded files whose grace period is over (all of them when `force`).
    func deleteObsoleteFiles(force: Bool = false) {
        let now = ContinuousClock.now
        let due = status.withLock { status in
            let due = status.obsolete.filter { force || $0.deadline <= now }
            status.obsolete.removeAll { force || $0.deadline <= now }
            return due
        }
        guard !due.isEmpty else { return }
        for file in due {
            if let id = file.file { files.evict(id) }
            try? fileSystem.remove(file.name)
        }
        try? fileSystem.syncDirectory()
    }

    func startMaintenance() {
        maintenance.start(interval: options.maintenanceInterval) { [self] in
            deleteObsoleteFiles()
            guard committer.failure == nil else { return }
            let (dead, live) = state.withLock { ($0.deadBytes, $0.liveBytes) }
            do {
                if dead >= options.compactionMinDeadBytes, dead > live / 2 {
                    _ = try compactNow()
                } else if tailBytesSinceSnapshot >= options.snapshotAfterBytes {
                    try writeSnapshot()
                }
            } catch {
                status.withLock { $0.maintenanceError = "\(error)" }
            }
        }
    }
}
