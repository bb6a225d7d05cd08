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
    /// they replace are kept for the retention period (`StoreOptions.supersededRetention`), so a
    /// copy taken at any instant opens complete.
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
        guard case .rotated(let covered, let nextSequence) = try committer.submitAndWait(.rotate) else {
            throw StoreError.closed
        }
        let bytesBefore = try dataBytes()
        let target = FileID.base(covered)
        var pauses = CompactionPauses()
        var entries = liveEntries(coveredBy: covered, pauses: &pauses)
        entries.sort { ($0.location.file, $0.location.offset) < ($1.location.file, $1.location.offset) }

        let snapshot = SnapshotFile.Header(
            base: covered,
            replay: LogPosition(file: covered + 1, offset: 0),
            lastSequence: nextSequence - 1,
            counts: entries.reduce(into: [:]) { counts, entry in counts[entry.collection, default: 0] += 1 },
            created: options.clock()
        )
        let writer = try SnapshotFile.Writer(fileSystem: fileSystem, header: snapshot)
        let offsets: [UInt64]
        let copied: Int
        do {
            (offsets, copied) = try writeBase(target, entries: entries, nextSequence: nextSequence, snapshot: writer, pauses: &pauses)
        } catch {
            writer.discard()
            throw error
        }
        // The base is durable: from here on a reopen uses it even if the snapshot below fails.
        status.withLock { $0.base = covered }
        relocate(entries, to: target, offsets: offsets, pauses: &pauses)
        do {
            let name = try writer.publish()
            status.withLock { status in
                status.snapshot = (name, snapshot)
                status.snapshotReplay = snapshot.replay
                status.lastSnapshot = Date()
            }
        } catch {
            // The previous snapshot belongs to the replaced files: forget it, so the next snapshot is
            // built from the new base and the next open replays the base instead.
            writer.discard()
            status.withLock { status in
                status.snapshot = nil
                status.snapshotReplay = LogPosition(file: covered + 1, offset: 0)
            }
            options.logger.warning("snapshot after compaction failed; the next one starts over", metadata: ["error": "\(error)"])
        }
        status.withLock { status in
            status.lastCompaction = Date()
            status.compactions += 1
            status.maintenanceError = nil
        }
        deleteExpiredFilesExclusively()
        let bytesAfter = try dataBytes()
        state.withLock { state in state.deadBytes = bytesAfter > state.liveBytes ? bytesAfter - state.liveBytes : 0 }
        let milliseconds = (ContinuousClock.now - started).milliseconds
        status.withLock { $0.lastCompactionMilliseconds = milliseconds }
        options.logger.info(
            "compaction finished",
            metadata: [
                "records": "\(copied)", "bytesBefore": "\(bytesBefore)", "bytesAfter": "\(bytesAfter)",
                "ms": "\(Int(milliseconds))", "longestLockHoldMs": "\(Int(pauses.lockHold.milliseconds.rounded()))",
                "longestFlushMs": "\(Int(pauses.flush.milliseconds.rounded()))",
            ]
        )
        return CompactionReport(
            bytesBefore: bytesBefore,
            bytesAfter: bytesAfter,
            records: copied,
            milliseconds: milliseconds
        )
    }

    /// Copies the live lines into `base-N.jsonl.tmp` (byte for byte, between a start and an end
    /// marker), adds them to the snapshot being written, and publishes the base durably.
    ///
    /// Returns each entry's offset in the base, or `CompactionEntry.notCopied` (a live line found
    /// damaged is set aside, not copied), and how many were copied.
    private func writeBase(
        _ target: FileID,
        entries: [CompactionEntry],
        nextSequence: UInt64,
        snapshot writer: SnapshotFile.Writer,
        pauses: inout CompactionPauses
    ) throws -> (offsets: [UInt64], copied: Int) {
        let temporary = target.name + DataFileName.temporarySuffix
        try? fileSystem.remove(temporary)
        let handle = try fileSystem.open(temporary, mode: .createNew)
        var offsets: [UInt64] = []
        offsets.reserveCapacity(entries.count)
        var copied = 0
        var damaged: [(collection: String, key: String, location: RecordLocation)] = []
        /// Flushes the base, noting the longest flush.
        func flush() throws {
            let started = ContinuousClock.now
            try fileSystem.sync(handle)
            pauses.flush = max(pauses.flush, .now - started)
        }
        do {
            var buffer = FileMarker.baseStart(covers: target.number, nextSequence: nextSequence, created: options.clock()).line
            buffer.append(0x0A)
            buffer.reserveCapacity(options.compactionFlushBytes)
            var offset = UInt64(buffer.count)
            for entry in entries {
                let line: [UInt8]
                do {
                    line = try files.line(at: entry.location)
                } catch StoreError.corruptRecord {
                    damaged.append((entry.collection, entry.key, entry.location))
                    offsets.append(CompactionEntry.notCopied)
                    continue
                }
                let header = try line.withUnsafeBytes { raw in try RecordLine.header(of: raw) }
                var to = entry.location
                to.file = target
                to.offset = offset
                try writer.add(collection: entry.collection, key: entry.key, fields: header.fields, location: to)
                offsets.append(offset)
                copied += 1
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                offset += UInt64(line.count + 1)
                if buffer.count >= options.compactionFlushBytes {
                    try buffer.withUnsafeBytes { try fileSystem.append(handle, $0) }
                    // Flushed piece by piece: flushed only at the end, a base at a million runs
                    // made the commit thread's flushes wait 0.5-0.7 s behind its 1.4 GB.
                    try flush()
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer.append(contentsOf: FileMarker.baseEnd(count: copied).line)
            buffer.append(0x0A)
            try buffer.withUnsafeBytes { try fileSystem.append(handle, $0) }
            try flush()
            fileSystem.close(handle)
            // The base leaves out lines that writes after the rotation replaced; those writes must be
            // durable before the base can be used (everysec and none acknowledge before flushing).
            try committer.submitAndWait(.sync)
            try fileSystem.rename(temporary, to: target.name)
            try fileSystem.syncDirectory()
        } catch {
            fileSystem.close(handle)
            try? fileSystem.remove(temporary)
            throw error
        }
        if !damaged.isEmpty { setAside(damaged, reason: "checksum mismatch (found by compaction)") }
        return (offsets, copied)
    }

    /// Bytes of the data files in use: the current base and the logs after it.
    func dataBytes() throws -> UInt64 {
        var total: UInt64 = 0
        let base = status.withLock { $0.base }
        // By the plain names: a compressed log counts its plain bytes, as live and dead bytes do.
        let directory = DataDirectory(try fileSystem.listFiles())
        let logs = directory.logs.filter { $0 > base }.map(FileID.log)
        for file in (directory.bases.contains(base) ? [FileID.base(base)] : []) + logs {
            let handle = try fileSystem.open(file.name, mode: .read)
            total += try fileSystem.size(handle)
            fileSystem.close(handle)
        }
        return total
    }

    /// Deletes superseded files whose retention is over (see `StoreOptions.supersededRetention`)
    /// and old snapshots (a copy reading through `pinFiles()` holds its files open, so it is
    /// unaffected).
    func deleteExpiredFiles() {
        maintenance.exclusively { deleteExpiredFilesExclusively() }
    }

    /// `deleteExpiredFiles` for callers already holding the maintenance lock (after a compaction or
    /// a snapshot, which are what make files expire).
    func deleteExpiredFilesExclusively() {
        do {
            let directory = DataDirectory(try fileSystem.listFiles())
            let inUse = status.withLock { $0.snapshot?.name }
            let deleted = try directory.deleteExpired(
                fileSystem,
                now: options.clock(),
                retention: options.supersededRetention,
                snapshotInUse: inUse
            )
            for name in deleted {
                if let file = DataFileName.dataFile(name) ?? DataFileName.compressedDataFile(name) {
                    files.evict(file)
                }
                options.logger.info("deleted superseded file", metadata: ["file": "\(name)"])
            }
        } catch {
            status.withLock { $0.maintenanceError = "deleting superseded files failed: \(error)" }
        }
    }

    func startMaintenance() {
        maintenance.start(interval: options.maintenanceInterval) { [self] in
            deleteExpiredFiles()
            guard committer.failure == nil else { return }
            let (dead, live) = state.withLock { ($0.deadBytes, $0.liveBytes) }
            var bulkWork = false
            do {
                if scrubIsDue {
                    bulkWork = true
                    // The scrub reads every durable line and holds no lock a request or a commit
                    // waits for (unless it finds damage), so it yields the CPU to them: after a
                    // restart at 1M runs the answers ran a fifth faster during it (performance.md).
                    _ = try DedicatedThread.run(named: "store-scrub", priority: .background) { [self] in try scrub() }
                }
                if dead >= options.compactionMinDeadBytes, dead > live / 2 {
                    bulkWork = true
                    _ = try compactNow()
                } else if tailBytesSinceSnapshot >= options.snapshotAfterBytes {
                    bulkWork = true
                    try writeSnapshot()
                }
                if options.compressSealedFiles, try compressNow() > 0 { bulkWork = true }
            } catch {
                status.withLock { $0.maintenanceError = "\(error)" }
            }
            // Each of these reads or writes whole files line by line; what they freed goes back.
            if bulkWork { FreedMemory.release() }
        }
    }
}
