extension FlatStore {
    /// Current figures: records, file sizes, maintenance history, failures.
    public func statistics() -> StoreStatistics {
        let (records, live, dead, entriesRead) = state.withLock { state in
            (
                state.collections.mapValues(\.count).filter { $0.value > 0 }, state.liveBytes, state.deadBytes,
                state.entriesRead
            )
        }
        var logBytes: UInt64 = 0
        var baseBytes: UInt64 = 0
        var snapshotBytes: UInt64 = 0
        var files = 0
        let base = status.withLock { $0.base }
        let current = status.withLock { $0.snapshot?.name }
        for name in (try? fileSystem.listFiles()) ?? [] {
            let isSnapshot = name == current
            // A compressed file counts at its size on disk, beside its plain file while that is kept.
            let file = DataFileName.dataFile(name) ?? DataFileName.compressedDataFile(name)
            guard isSnapshot || file != nil else { continue }
            guard let handle = try? fileSystem.open(name, mode: .read) else { continue }
            let size = (try? fileSystem.size(handle)) ?? 0
            fileSystem.close(handle)
            if isSnapshot {
                snapshotBytes += size
                files += 1
            } else if let file, file.isBase, file.number == base {
                baseBytes += size
                files += 1
            } else if let file, !file.isBase, file.number > base {
                logBytes += size
                files += 1
            }
        }
        return status.withLock { status in
            StoreStatistics(
                records: records,
                logBytes: logBytes,
                baseBytes: baseBytes,
                snapshotBytes: snapshotBytes,
                files: files,
                liveBytes: live,
                deadBytes: dead,
                lastSnapshot: status.lastSnapshot,
                lastCompaction: status.lastCompaction,
                compactions: status.compactions,
                lastCompactionMilliseconds: status.lastCompactionMilliseconds,
                recovery: status.recovery,
                quarantinedSpans: status.quarantine.known.count,
                missing: status.recovery.missing,
                damagedRecords: status.damagedRecords,
                writeFailure: committer.failure?.description,
                maintenanceError: status.maintenanceError,
                fsync: options.fsync,
                freeBytes: fileSystem.freeBytes(),
                indexEntriesRead: entriesRead
            )
        }
    }

    /// Every file of the data directory with its size, by name.
    public func directoryListing() -> [(name: String, bytes: UInt64)] {
        ((try? fileSystem.listFiles()) ?? []).compactMap { name in
            guard let handle = try? fileSystem.open(name, mode: .read) else { return nil }
            defer { fileSystem.close(handle) }
            return (name, (try? fileSystem.size(handle)) ?? 0)
        }
    }
}
