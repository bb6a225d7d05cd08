/// A snapshot loaded into a fresh state.
struct LoadedSnapshot {
    var name: String
    var header: SnapshotFile.Header
    var state: StoreState
}

extension Recovery {
    /// Loads the newest snapshot that fits the live files; a torn, corrupt or stale one is skipped
    /// (and said so in the report), and the log is replayed instead.
    func loadNewestSnapshot(_ directory: DataDirectory, logs: [FileID], report: inout RecoveryReport) -> LoadedSnapshot? {
        for snapshot in directory.snapshots {
            do {
                return try load(snapshot.name, base: directory.base, logs: logs)
            } catch {
                report.skippedSnapshots.append("\(error)")
                logger.warning("snapshot not usable, replaying the log", metadata: ["reason": "\(error)"])
            }
        }
        return nil
    }

    /// Loads one snapshot, checking that it belongs to the current base, that the log it resumes
    /// from really holds the record it says it ends with, and that every entry points into a file
    /// that is there and long enough.
    private func load(_ name: String, base: UInt32, logs: [FileID]) throws -> LoadedSnapshot {
        let state = StoreState(schema: schema)
        var sizes: [FileID: UInt64] = [:]
        for file in logs + (base > 0 ? [FileID.base(base)] : []) {
            let handle = try fileSystem.open(file.name, mode: .read)
            sizes[file] = try fileSystem.size(handle)
            fileSystem.close(handle)
        }
        var recent: (file: FileID, size: UInt64)?
        let header = try SnapshotFile.readPipelined(
            fileSystem,
            name: name,
            header: { [fileSystem, sizes] header in
                guard header.base == base else {
                    throw SnapshotFile.Unusable(description: "\(name): written for another compacted base")
                }
                guard let size = sizes[.log(header.replay.file)], size >= header.replay.offset else {
                    throw SnapshotFile.Unusable(description: "\(name): the log it resumes from is missing or shorter")
                }
                try Self.checkResumePoint(header, fileSystem: fileSystem, name: name)
            },
            prepare: { header in
                for (collection, count) in header.counts { state.collection(named: collection).reserveCapacity(count) }
            },
            entries: { batch in
                for entry in batch {
                    // Entries mostly point into the file of the entry before them.
                    if entry.location.file != recent?.file {
                        recent = sizes[entry.location.file].map { (entry.location.file, $0) }
                    }
                    guard let size = recent?.size, entry.location.offset + UInt64(entry.location.length) < size + 1 else {
                        throw SnapshotFile.Unusable(description: "\(name): points into a missing file")
                    }
                }
                // Puts without sequences: the snapshot's header carries the last one.
                state.applyLoaded(batch)
            }
        )
        // Entries carry no sequence numbers (format 2): the header's last one is where the
        // numbering resumes, and the active log's next sequence is derived from it.
        state.lastSequence = max(state.lastSequence, header.lastSequence)
        return LoadedSnapshot(name: name, header: header, state: state)
    }

    /// The line just before the replay point must be intact and be the last record the snapshot
    /// saw: the bytes a snapshot covers are never read at open, so this is the cheap proof that the
    /// log is the one it was written against and that those bytes reached the disk.
    private static func checkResumePoint(
        _ header: SnapshotFile.Header,
        fileSystem: any StoreFileSystem,
        name: String
    ) throws {
        guard header.replay.offset > 0 else { return }
        let handle = try fileSystem.open(FileID.log(header.replay.file).name, mode: .read)
        defer { fileSystem.close(handle) }
        let reader = LineReader(fileSystem: fileSystem, handle: handle)
        guard let (_, line) = try reader.line(endingAt: header.replay.offset),
            line.withUnsafeBytes({ SealedLine.isIntact($0) })
        else {
            throw SnapshotFile.Unusable(description: "\(name): the log line before its replay point is damaged")
        }
        let matches = line.withUnsafeBytes { raw -> Bool in
            if FileMarker.isMarker(raw) {
                if case .logStart(_, let first)? = FileMarker.parse(raw) { return first == header.lastSequence + 1 }
                return false
            }
            return (try? RecordLine.header(of: raw))?.sequence == header.lastSequence
        }
        guard matches else {
            throw SnapshotFile.Unusable(description: "\(name): the log does not end its covered part where the snapshot did")
        }
    }
}
