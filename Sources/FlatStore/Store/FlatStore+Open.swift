import FoundationEssentials
import Logging
import Synchronization

extension FlatStore {
    /// Opens (or creates) the store in `options.directory`, recovering from any crash.
    ///
    /// Takes the directory lock, removes leftover temporary files, loads the newest usable snapshot
    /// (or replays everything), cuts a torn tail off the newest log, and quarantines damaged lines
    /// while keeping every later valid record.
    public static func open(_ options: StoreOptions, schema: StoreSchema = StoreSchema()) throws -> FlatStore {
        let started = ContinuousClock.now
        let fileSystem = options.resolvedFileSystem
        let logger = options.logger
        try fileSystem.prepareDirectory()
        let lock: any LockOwner
        do {
            lock = try fileSystem.lock()
        } catch let error as FileSystemError where error.code == Errno.wouldBlock {
            throw StoreError.locked(directory: options.directory, holder: lockHolder(fileSystem))
        }
        do {
            var report = RecoveryReport()
            var names = try fileSystem.listFiles()
            for name in names where name.hasSuffix(DataFileName.temporarySuffix) {
                try fileSystem.remove(name)
                report.removedTemporaryFiles.append(name)
                logger.notice("removed leftover temporary file", metadata: ["file": "\(name)"])
            }
            names.removeAll { $0.hasSuffix(DataFileName.temporarySuffix) }

            // The newest base supersedes older bases and every log it covers.
            let dataFiles = names.compactMap(DataFileName.dataFile)
            let base = dataFiles.filter(\.isBase).map(\.number).max() ?? 0
            var superseded = dataFiles.filter { $0.isBase ? $0.number < base : $0.number <= base }.map(\.name)
            var logs = dataFiles.filter { !$0.isBase && $0.number > base }.sorted()
            if logs.isEmpty {
                let first = FileID.log(base + 1)
                fileSystem.close(try fileSystem.open(first.name, mode: .appendOrCreate))
                try fileSystem.syncDirectory()
                logs = [first]
            }
            let newest = logs[logs.count - 1]

            var loaded: (StoreState, SnapshotFile.Header, String)?
            let snapshots = names.compactMap { name in DataFileName.snapshotPoint(name).map { (name, $0) } }
                .sorted { ($0.1.file, $0.1.offset) > ($1.1.file, $1.1.offset) }
            for (name, _) in snapshots {
                if loaded != nil {
                    superseded.append(name)
                    continue
                }
                do {
                    loaded = try loadSnapshot(name, base: base, logs: logs, fileSystem: fileSystem, schema: schema)
                } catch {
                    report.skippedSnapshots.append("\(error)")
                    superseded.append(name)
                    logger.warning("snapshot not usable, replaying the log", metadata: ["reason": "\(error)"])
                }
            }

            let state = loaded?.0 ?? StoreState(schema: schema)
            report.snapshot = loaded?.2
            var replayFrom = loaded?.1.replay ?? LogPosition(file: logs[0].number, offset: 0)
            let replay = LogReplay(fileSystem: fileSystem)
            var damaged: [(QuarantinedSpan, [UInt8])] = []
            if loaded == nil, base > 0 {
                let outcome = try replay.replay(.base(base), from: 0, isNewest: false, into: state)
                damaged += outcome.damaged
                report.replayedBytes += outcome.bytes
                report.replayedRecords += outcome.applied
            }
            if !logs.contains(where: { $0.number == replayFrom.file }) { replayFrom = LogPosition(file: logs[0].number, offset: 0) }
            var tailCut: (FileID, UInt64)?
            var sequence = loaded.map { $0.1.lastSequence }
            for log in logs where log.number >= replayFrom.file {
                let offset = log.number == replayFrom.file ? replayFrom.offset : 0
                let outcome = try replay.replay(log, from: offset, after: sequence, isNewest: log == newest, into: state)
                sequence = outcome.lastSequence
                report.sequenceGaps += outcome.gaps
                for gap in outcome.gaps { logger.error("records missing from the log", metadata: ["where": "\(gap)"]) }
                damaged += outcome.damaged
                report.replayedBytes += outcome.bytes
                report.replayedRecords += outcome.applied
                if let cut = outcome.tailCut {
                    tailCut = (log, cut)
                    damaged += outcome.tail
                }
            }

            var quarantine = try Quarantine(fileSystem: fileSystem)
            report.quarantined = try quarantine.record(damaged)
            for span in report.quarantined {
                logger.error(
                    "damaged data set aside in quarantine.jsonl",
                    metadata: ["file": "\(span.file)", "offset": "\(span.offset)", "reason": "\(span.reason)"]
                )
            }
            let activeSize: UInt64
            let handle = try fileSystem.open(newest.name, mode: .appendOrCreate)
            if let (file, cut) = tailCut {
                let size = try fileSystem.size(handle)
                try fileSystem.truncate(handle, to: cut)
                try fileSystem.sync(handle)
                report.truncatedTail = QuarantinedSpan(file: file.name, offset: cut, length: size - cut, reason: "torn tail")
                logger.warning(
                    "cut a torn tail off the newest log",
                    metadata: ["file": "\(file.name)", "offset": "\(cut)", "bytes": "\(size - cut)"]
                )
            }
            activeSize = try fileSystem.size(handle)

            for name in superseded { try fileSystem.remove(name) }
            if !superseded.isEmpty { try fileSystem.syncDirectory() }
            try DataDirectoryReadme.write(fileSystem)

            state.applied = LogPosition(file: newest.number, offset: activeSize)
            state.lastSequence = max(state.lastSequence, loaded?.1.lastSequence ?? 0)
            var dataBytes: UInt64 = activeSize
            for file in logs.dropLast() + (base > 0 ? [FileID.base(base)] : []) {
                let handle = try fileSystem.open(file.name, mode: .read)
                dataBytes += try fileSystem.size(handle)
                fileSystem.close(handle)
            }
            state.deadBytes = dataBytes > state.liveBytes ? dataBytes - state.liveBytes : 0
            report.milliseconds = (ContinuousClock.now - started).milliseconds

            let nextSequence = state.lastSequence + 1
            let sharedState = Locked(state)
            let status = Locked(
                StoreStatus(
                    base: base,
                    snapshot: loaded.map { ($0.2, $0.1) },
                    recovery: report,
                    quarantine: quarantine,
                    snapshotReplay: loaded?.1.replay ?? LogPosition(file: logs[0].number, offset: 0)
                )
            )
            let committer = Committer(
                fileSystem: fileSystem,
                options: options,
                state: sharedState,
                activeSegment: newest.number,
                handle: handle,
                size: activeSize,
                nextSequence: nextSequence
            )
            let store = FlatStore(
                options: options,
                fileSystem: fileSystem,
                state: sharedState,
                committer: committer,
                status: status,
                lock: lock
            )
            logger.info(
                "store opened",
                metadata: [
                    "records": "\(sharedState.withLock { $0.recordCount })", "snapshot": "\(report.snapshot ?? "none")",
                    "replayedBytes": "\(report.replayedBytes)", "ms": "\(Int(report.milliseconds))",
                ]
            )
            if options.backgroundMaintenance { store.startMaintenance() }
            return store
        } catch {
            lock.release()
            throw error
        }
    }

    private static func lockHolder(_ fileSystem: any StoreFileSystem) -> String? {
        guard let handle = try? fileSystem.open(DataFileName.lock, mode: .read) else { return nil }
        defer { fileSystem.close(handle) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = (try? bytes.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: 0) }) ?? 0
        let digits = String(decoding: bytes[0..<count].filter { (0x30...0x39).contains($0) }, as: UTF8.self)
        return digits.isEmpty ? nil : digits
    }

    /// Loads a snapshot into a fresh state, checking that every file it points into is still there.
    private static func loadSnapshot(
        _ name: String,
        base: UInt32,
        logs: [FileID],
        fileSystem: any StoreFileSystem,
        schema: StoreSchema
    ) throws -> (StoreState, SnapshotFile.Header, String) {
        let state = StoreState(schema: schema)
        let present = Set(logs + (base > 0 ? [FileID.base(base)] : []))
        var sizes: [FileID: UInt64] = [:]
        for file in present {
            let handle = try fileSystem.open(file.name, mode: .read)
            sizes[file] = try fileSystem.size(handle)
            fileSystem.close(handle)
        }
        let header = try SnapshotFile.readPipelined(
            fileSystem,
            name: name,
            header: { [sizes] header in
                guard header.base == base else {
                    throw SnapshotFile.Unusable(description: "\(name): written for another compacted base")
                }
                guard let size = sizes[.log(header.replay.file)], size >= header.replay.offset else {
                    throw SnapshotFile.Unusable(description: "\(name): the log it resumes from is missing or shorter")
                }
            },
            prepare: { header in
                for (collection, count) in header.counts { state.collection(named: collection).reserveCapacity(count) }
            },
            entries: { batch in
                for entry in batch {
                    guard let size = sizes[entry.location.file],
                        entry.location.offset + UInt64(entry.location.length) < size + 1
                    else { throw SnapshotFile.Unusable(description: "\(name): points into a missing file") }
                    let header = RecordHeader(
                        collection: entry.collection,
                        key: entry.key,
                        operation: .put,
                        sequence: entry.location.sequence,
                        more: 0,
                        fields: entry.fields,
                        bodyRange: nil
                    )
                    state.apply(header, summary: nil, location: entry.location)
                }
            }
        )
        return (state, header, name)
    }
}
