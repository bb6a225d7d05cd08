/// The result of re-reading and checking every file of a data directory.
public struct VerifyReport: Sendable {
    /// One checked file.
    public struct File: Sendable {
        /// Its name.
        public var name: String
        /// Bytes read.
        public var bytes: UInt64
        /// Valid records (or snapshot entries) in it.
        public var records: Int
    }

    /// Every data file and snapshot checked.
    public var files: [File] = []
    /// Live records per collection after replaying the log.
    public var records: [String: Int] = [:]
    /// Damaged lines, with file, offset and reason.
    public var badLines: [QuarantinedSpan] = []
    /// Places where the log's sequence numbers jump: records are missing.
    public var missingRecords: [String] = []
    /// Snapshots that cannot be read, or that disagree with a full replay of the log, with why.
    public var badSnapshots: [String] = []
    /// Files a compaction replaced, kept so that copies in progress find them (not checked).
    public var superseded: [String] = []
    /// Spans listed in `quarantine.jsonl` by earlier opens.
    public var previouslyQuarantined = 0
    /// How many of `badLines` are among those: damage found, reported and set aside before.
    public var badLinesAlreadyQuarantined = 0

    /// True when no file holds damage.
    public var isClean: Bool { badLines.isEmpty && badSnapshots.isEmpty && missingRecords.isEmpty }

    /// True when every damaged line was set aside by an earlier start, and nothing else is wrong:
    /// the store opens as its server had it (a copy of it restores), nothing new has rotted.
    public var holdsOnlyKnownDamage: Bool {
        badSnapshots.isEmpty && missingRecords.isEmpty && badLinesAlreadyQuarantined == badLines.count
    }

    /// Every problem found, one sentence each (`BAD …`, `MISSING …`).
    public var problems: [String] {
        badLines.map { "BAD \($0.file):\($0.offset): \($0.reason) (\($0.length) bytes)" }
            + badSnapshots.map { "BAD \($0)" } + missingRecords.map { "MISSING \($0)" }
    }

    /// A plain-text summary for the command line.
    public func rendered() -> String {
        var lines: [String] = []
        for file in files { lines.append("\(file.name): \(file.bytes) bytes, \(file.records) records") }
        lines.append("live records:")
        for (collection, count) in records.sorted(by: { $0.key < $1.key }) { lines.append("  \(collection): \(count)") }
        if records.isEmpty { lines.append("  (none)") }
        lines += problems
        if !superseded.isEmpty {
            lines.append("kept for copies in progress (replaced by a compaction): \(superseded.joined(separator: ", "))")
        }
        if previouslyQuarantined > 0 {
            lines.append(
                "quarantine.jsonl lists \(previouslyQuarantined) span(s) set aside by earlier starts"
                    + (badLinesAlreadyQuarantined > 0 ? " (\(badLinesAlreadyQuarantined) of the damaged lines above)" : "")
            )
        }
        lines.append(isClean ? "OK: every record checks out" : "PROBLEMS: \(problems.count) (damaged or missing data)")
        return lines.joined(separator: "\n")
    }
}

extension FlatStore {
    /// Checks a data directory no server is using: takes its lock (failing fast if it is held),
    /// reads every file, and changes nothing.
    public static func verify(_ options: StoreOptions) throws -> VerifyReport {
        try holdingLock(options) { try verifyFiles(options.resolvedFileSystem, newestLimit: nil) }
    }

    /// Checks this open store's files while it runs (the newest log up to what has been applied).
    public func verify() async throws -> VerifyReport {
        try await onMaintenanceThread {
            try self.maintenance.exclusively {
                let applied = self.state.withLock { $0.applied }
                return try Self.verifyFiles(self.fileSystem, newestLimit: applied)
            }
        }
    }

    /// What to do about a snapshot that does not give a full replay's state.
    ///
    /// With damaged lines in what the snapshot covers, it still lists the records they held: a running
    /// store's scrub takes those out and keeps the rest, while deleting the snapshot would also
    /// delete the proof that the log before its replay point was durable, and the next start would
    /// cut the log at the first damaged line as if it were a torn write.
    static func snapshotAdvice(_ name: String, differing: Int, damaged: Bool) -> String {
        damaged
            ? "\(name): \(differing) record(s) differ from a full replay of the damaged log; keep it: "
                + "a running server's check takes the damaged lines' records out and keeps the rest"
            : "\(name): \(differing) record(s) differ from a full replay of the log; "
                + "delete it and the next start replays the log"
    }

    /// Whether any of `spans` lies before `replay`: in the base, in an earlier log, or earlier in
    /// the replay point's own log.
    static func isBeforeReplayPoint(_ spans: [QuarantinedSpan], _ replay: LogPosition, base: UInt32, logs: [FileID]) -> Bool {
        var files = Dictionary(logs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if base > 0 { files[FileID.base(base).name] = .base(base) }
        return spans.contains { span in
            guard let file = files[span.file] else { return false }
            return file.isBase || file.number < replay.file || (file.number == replay.file && span.offset < replay.offset)
        }
    }

    static func verifyFiles(_ fileSystem: any StoreFileSystem, newestLimit: LogPosition?) throws -> VerifyReport {
        var report = VerifyReport()
        let directory = DataDirectory(try fileSystem.listFiles())
        var options = StoreOptions(directory: ".")
        options.logger.logLevel = .critical
        let recovery = Recovery(options: options, fileSystem: fileSystem, schema: StoreSchema())
        let chain = try directory.checkChain(fileSystem)
        report.missingRecords += chain.missing
        report.superseded = directory.superseded.map(\.file.name)
        let logs = directory.liveLogs
        if !logs.isEmpty {
            // Open trusts the newest usable snapshot instead of reading what it covers: it must
            // give exactly the state a full replay gives. Its replay point also proves the log
            // before it was durable, so the full replay tells damage there from a torn tail.
            var ignored = RecoveryReport()
            let loaded = recovery.loadNewestSnapshot(directory, logs: logs, report: &ignored)
            let full = StoreState(schema: StoreSchema())
            let replayed = try recovery.replayLive(
                base: directory.base,
                logs: logs,
                chain: chain,
                snapshot: nil,
                into: full,
                limit: newestLimit,
                durableUpTo: loaded?.header.replay
            )
            report.files = replayed.files.map { VerifyReport.File(name: $0.name, bytes: $0.bytes, records: $0.records) }
            report.badLines = (replayed.damaged + replayed.newest.tail).map(\.span)
            report.missingRecords += replayed.missing
            report.records = full.collections.mapValues(\.count).filter { $0.value > 0 }
            if let loaded {
                _ = try recovery.replayLive(
                    base: directory.base,
                    logs: logs,
                    chain: chain,
                    snapshot: loaded,
                    into: loaded.state,
                    limit: newestLimit
                )
                let differing = full.differences(from: loaded.state)
                if differing > 0 {
                    // Only damage the snapshot covers explains a difference: both replays read the
                    // rest (a torn tail, damage after the replay point) alike.
                    let covered = Self.isBeforeReplayPoint(replayed.damaged.map(\.span), loaded.header.replay, base: directory.base, logs: logs)
                    report.badSnapshots.append(Self.snapshotAdvice(loaded.name, differing: differing, damaged: covered))
                }
            }
        }
        for snapshot in directory.snapshots {
            var count = 0
            do {
                _ = try SnapshotFile.read(fileSystem, name: snapshot.name, header: { _ in }, entry: { _ in count += 1 })
                let handle = try fileSystem.open(snapshot.name, mode: .read)
                defer { fileSystem.close(handle) }
                report.files.append(.init(name: snapshot.name, bytes: try fileSystem.size(handle), records: count))
            } catch {
                report.badSnapshots.append("\(error)")
            }
        }
        if directory.names.contains(DataFileName.quarantine) {
            let known = try Quarantine(fileSystem: fileSystem).known
            report.previouslyQuarantined = known.count
            // By place: a scrub's entry carries its own wording of the reason.
            let places = Set(known.map { [$0.file, "\($0.offset)", "\($0.length)"] })
            report.badLinesAlreadyQuarantined = report.badLines.filter { places.contains([$0.file, "\($0.offset)", "\($0.length)"]) }.count
        }
        return report
    }
}

extension StoreState {
    /// How many records are missing from, added to, or elsewhere than in `other`.
    func differences(from other: StoreState) -> Int {
        var count = 0
        for name in Set(collections.keys).union(other.collections.keys) {
            let mine = collection(named: name)
            let theirs = other.collection(named: name)
            mine.forEachLocation { key, location in if theirs.location(of: key) != location { count += 1 } }
            theirs.forEachLocation { key, _ in if mine.location(of: key) == nil { count += 1 } }
        }
        return count
    }
}
