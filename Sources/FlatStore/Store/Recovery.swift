import FoundationEssentials
import Logging

/// Brings a data directory back to a consistent state on open, after a clean close or any crash.
///
/// Steps: remove temporary files; check that the live files form one unbroken chain; load the
/// newest usable snapshot (or nothing); replay the log after it; quarantine damage; cut a torn tail
/// or blank space off the newest log and flush it; delete superseded files whose retention is over.
struct Recovery {
    /// What recovery hands to the store it opens.
    struct Result {
        var state: StoreState
        var report: RecoveryReport
        var quarantine: Quarantine
        var base: UInt32
        var snapshot: (name: String, header: SnapshotFile.Header)?
        var snapshotReplay: LogPosition
        /// The newest log, opened for appending.
        var active: Active
    }

    /// The newest log as the committer takes it over.
    struct Active {
        var number: UInt32
        var handle: StoreFileHandle
        var size: UInt64
        /// The first write must start the next segment: this one is from before markers existed.
        var rotateFirst: Bool
        /// The sequence number of the next record.
        var nextSequence: UInt64
    }

    let options: StoreOptions
    let fileSystem: any StoreFileSystem
    let schema: StoreSchema
    var logger: Logger { options.logger }

    /// Runs every step; throws only when the disk itself fails.
    func run() throws -> Result {
        var report = RecoveryReport()
        let directory = try keepNewestPlain(try removeTemporaryFiles(&report))
        let chain = try directory.checkChain(fileSystem)
        report.missing += chain.missing
        let base = directory.base
        var logs = directory.liveLogs
        if logs.isEmpty {
            let first = FileID.log(base + 1)
            let (handle, _) = try SegmentFile.create(fileSystem, number: first.number, firstSequence: chain.newestFirst ?? 1)
            fileSystem.close(handle)
            logs = [first]
        }
        let newest = logs[logs.count - 1]

        let loaded = loadNewestSnapshot(directory, logs: logs, report: &report)
        let state = loaded?.state ?? StoreState(schema: schema)
        report.snapshot = loaded?.name
        let replayed = try replayLive(base: base, logs: logs, chain: chain, snapshot: loaded, into: state)
        report.missing += replayed.missing
        report.replayedBytes = replayed.bytes
        report.replayedRecords = replayed.records
        for problem in report.missing { logger.error("data missing", metadata: ["problem": "\(problem)"]) }
        let damaged = replayed.damaged
        let newestOutcome = replayed.newest

        var quarantine = try Quarantine(fileSystem: fileSystem)
        report.quarantined = try quarantine.record(damaged + newestOutcome.tail)
        for span in report.quarantined {
            logger.error(
                "damaged data set aside in quarantine.jsonl",
                metadata: ["file": "\(span.file)", "offset": "\(span.offset)", "reason": "\(span.reason)"]
            )
        }

        let active = try prepareNewest(newest, outcome: newestOutcome, chain: chain, state: state, report: &report)
        let expired = try DataDirectory(fileSystem.listFiles())
            .deleteExpired(fileSystem, now: options.clock(), retention: options.supersededRetention, snapshotInUse: loaded?.name)
        for name in expired { logger.info("deleted superseded file", metadata: ["file": "\(name)"]) }
        state.applied = LogPosition(file: newest.number, offset: active.size)
        state.lastSequence = max(state.lastSequence, loaded?.header.lastSequence ?? 0)
        var dataBytes = active.size
        for file in directory.liveFiles where file != newest {
            let handle = try fileSystem.open(file.name, mode: .read)
            dataBytes += try fileSystem.size(handle)
            fileSystem.close(handle)
        }
        state.deadBytes = dataBytes > state.liveBytes ? dataBytes - state.liveBytes : 0
        state.startPartitionFeeds()
        return Result(
            state: state,
            report: report,
            quarantine: quarantine,
            base: base,
            snapshot: loaded.map { ($0.name, $0.header) },
            snapshotReplay: loaded?.header.replay ?? LogPosition(file: logs[0].number, offset: 0),
            active: active
        )
    }

    /// What replaying the live files found.
    struct Replayed {
        /// Damage to quarantine (the newest log's torn tail is in `newest.tail`).
        var damaged: [DamagedSpan] = []
        var missing: [String] = []
        var newest = ReplayOutcome()
        /// Per file replayed: name, bytes read, lines applied.
        var files: [(name: String, bytes: UInt64, records: Int)] = []
        var bytes: UInt64 = 0
        var records = 0
    }

    /// Replays the live files into `state`: the base unless a snapshot was loaded, then every log
    /// from the snapshot's replay point (or the start); reads only, changes nothing on disk.
    ///
    /// `proven` is a position the log is known to have been durable up to (a usable snapshot's
    /// replay point, when the replay reads what that snapshot covers): damage before it is damage,
    /// not a torn write.
    func replayLive(
        base: UInt32,
        logs: [FileID],
        chain: ChainReport,
        snapshot: LoadedSnapshot?,
        into state: StoreState,
        limit: LogPosition? = nil,
        durableUpTo proven: LogPosition? = nil
    ) throws -> Replayed {
        var result = Replayed()
        let replay = LogReplay(fileSystem: fileSystem)
        func note(_ file: FileID, _ outcome: ReplayOutcome) {
            result.files.append((file.name, outcome.bytes, outcome.applied))
            result.bytes += outcome.bytes
            result.records += outcome.applied
            result.missing += outcome.missing
            result.damaged += outcome.damaged
        }
        var previous: UInt64?
        if case .baseStart(_, let next, _)? = chain.baseStart, next > 0 { previous = next - 1 }
        if snapshot == nil, base > 0 {
            let outcome = try replay.replay(.base(base), from: 0, isNewest: false, into: state)
            note(.base(base), outcome)
            result.damaged += outcome.trailing
            if case .baseEnd(let count)? = outcome.end, count != outcome.recordLines {
                result.missing.append("\(FileID.base(base).name) holds \(outcome.recordLines) of its \(count) records")
            }
        }
        var from = snapshot?.header.replay ?? LogPosition(file: logs[0].number, offset: 0)
        if !logs.contains(.log(from.file)) { from = LogPosition(file: logs[0].number, offset: 0) }
        previous = snapshot?.header.lastSequence ?? previous
        for log in logs where log.number >= from.file {
            let offset = log.number == from.file ? from.offset : 0
            let outcome = try replay.replay(
                log,
                from: offset,
                previous: previous,
                isNewest: log == logs.last,
                durableUpTo: max(offset, proven.flatMap { $0.file == log.number ? $0.offset : nil } ?? 0),
                limit: limit.flatMap { $0.file == log.number ? $0.offset : nil },
                into: state
            )
            result.damaged += outcome.trailing
            note(log, outcome)
            previous = outcome.lastApplied ?? previous
            if log == logs.last { result.newest = outcome }
        }
        return result
    }

    /// Removes `*.tmp` left by an interrupted snapshot or compaction: the previous state is complete.
    private func removeTemporaryFiles(_ report: inout RecoveryReport) throws -> DataDirectory {
        let directory = DataDirectory(try fileSystem.listFiles())
        guard !directory.temporary.isEmpty else { return directory }
        for name in directory.temporary {
            try fileSystem.remove(name)
            report.removedTemporaryFiles.append(name)
            logger.notice("removed leftover temporary file", metadata: ["file": "\(name)"])
        }
        try fileSystem.syncDirectory()
        return DataDirectory(directory.names.filter { !$0.hasSuffix(DataFileName.temporarySuffix) })
    }

    /// Cuts a torn tail or blank space off the newest log, gives an empty one its start marker, and
    /// flushes it, so that bytes a killed process left in the page cache are durable before new
    /// writes follow them.
    private func prepareNewest(
        _ newest: FileID,
        outcome: ReplayOutcome,
        chain: ChainReport,
        state: StoreState,
        report: inout RecoveryReport
    ) throws -> Active {
        let handle = try fileSystem.open(newest.name, mode: .appendOrCreate)
        do {
            var size = try fileSystem.size(handle)
            if let cut = outcome.tailCut {
                try fileSystem.truncate(handle, to: cut)
                report.truncatedTail = QuarantinedSpan(file: newest.name, offset: cut, length: size - cut, reason: "torn tail")
                logger.warning(
                    "cut a torn tail off the newest log",
                    metadata: ["file": "\(newest.name)", "offset": "\(cut)", "bytes": "\(size - cut)"]
                )
                size = cut
            } else if let unused = outcome.unusedFrom {
                // The blank space a log grows ahead of its writes: the committer grows it again.
                try fileSystem.truncate(handle, to: unused)
                logger.debug("cut blank space off the newest log", metadata: ["file": "\(newest.name)", "bytes": "\(size - unused)"])
                size = unused
            }
            // A log from before markers existed gets no more lines: the first write starts the next one.
            let legacy = outcome.start == nil && size > 0
            var first = chain.newestFirst ?? state.lastSequence + 1
            if case .logStart(_, let start)? = outcome.start { first = start }
            if size == 0 {
                // Created, but its start marker never reached the disk (or was torn).
                size = try SegmentFile.start(handle, fileSystem, number: newest.number, firstSequence: first)
            } else {
                try fileSystem.sync(handle)
            }
            return Active(
                number: newest.number,
                handle: handle,
                size: size,
                rotateFirst: legacy,
                nextSequence: max(state.lastSequence + 1, first)
            )
        } catch {
            fileSystem.close(handle)
            throw error
        }
    }
}
