import FoundationEssentials

extension DataDirectory {
    /// When `base-N` was written, from its start marker (nil for a base from before markers).
    static func created(_ fileSystem: any StoreFileSystem, base: UInt32) -> Date? {
        guard let handle = try? fileSystem.open(FileID.base(base).name, mode: .read) else { return nil }
        defer { fileSystem.close(handle) }
        let line = try? LineReader(fileSystem: fileSystem, handle: handle).firstLine()
        guard let line,
            case .baseStart(_, _, let created)? = line.withUnsafeBytes({ raw in
                SealedLine.isIntact(raw) ? FileMarker.parse(raw) : nil
            })
        else { return nil }
        return created
    }

    /// Deletes superseded data files whose retention is over (`expiredFiles`) and expired snapshots
    /// (`expiredSnapshots`), then makes the deletions durable.
    ///
    /// Returns the names deleted.
    func deleteExpired(
        _ fileSystem: any StoreFileSystem,
        now: Date,
        retention: Double,
        snapshotInUse: String?
    ) throws -> [String] {
        let files = expiredFiles(now: now, retention: retention) { Self.created(fileSystem, base: $0) }
        let plainCopies = expiredPlainCopies(now: now, retention: retention) { file in
            CompressedDataFile.compressedAt(fileSystem, file).map { Date(timeIntervalSince1970: Double($0)) }
        }
        let snapshots = expiredSnapshots(inUse: snapshotInUse, now: now, retention: retention) { name in
            try? SnapshotFile.readHeader(fileSystem, name: name).created
        }
        let doomed = files.flatMap(storedNames) + plainCopies.filter { !files.contains($0) }.map(\.name) + snapshots
        guard !doomed.isEmpty else { return [] }
        // A plain log goes only once its compressed file's name is durable: the process that
        // renamed it may have died before flushing the directory.
        if !plainCopies.isEmpty { try fileSystem.syncDirectory() }
        for name in doomed { try fileSystem.remove(name) }
        try fileSystem.syncDirectory()
        return doomed
    }
}
