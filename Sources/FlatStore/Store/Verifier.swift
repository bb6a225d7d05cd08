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
    /// Snapshots that cannot be used, with why (the log still has everything; open replays it).
    public var badSnapshots: [String] = []
    /// Spans listed in `quarantine.jsonl` by earlier opens.
    public var previouslyQuarantined = 0

    /// True when no file holds damage.
    public var isClean: Bool { badLines.isEmpty && badSnapshots.isEmpty && missingRecords.isEmpty }

    /// A plain-text summary for the command line.
    public func rendered() -> String {
        var lines: [String] = []
        for file in files { lines.append("\(file.name): \(file.bytes) bytes, \(file.records) records") }
        lines.append("live records:")
        for (collection, count) in records.sorted(by: { $0.key < $1.key }) { lines.append("  \(collection): \(count)") }
        if records.isEmpty { lines.append("  (none)") }
        for span in badLines {
            lines.append("BAD \(span.file):\(span.offset): \(span.reason) (\(span.length) bytes)")
        }
        for snapshot in badSnapshots { lines.append("BAD \(snapshot)") }
        for gap in missingRecords { lines.append("MISSING \(gap)") }
        if previouslyQuarantined > 0 {
            lines.append("quarantine.jsonl lists \(previouslyQuarantined) span(s) set aside by earlier starts")
        }
        let problems = badLines.count + badSnapshots.count + missingRecords.count
        lines.append(isClean ? "OK: every record checks out" : "CORRUPTION: \(problems) problem(s)")
        return lines.joined(separator: "\n")
    }
}

extension FlatStore {
    /// Checks a data directory no server is using: takes its lock (failing fast if it is held),
    /// reads every file, and changes nothing.
    public static func verify(_ options: StoreOptions) throws -> VerifyReport {
        let fileSystem = options.resolvedFileSystem
        let lock: any LockOwner
        do {
            lock = try fileSystem.lock()
        } catch let error as FileSystemError where error.code == Errno.wouldBlock {
            throw StoreError.locked(directory: options.directory, holder: nil)
        }
        defer { lock.release() }
        return try verifyFiles(fileSystem, newestLimit: nil)
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

    static func verifyFiles(_ fileSystem: any StoreFileSystem, newestLimit: LogPosition?) throws -> VerifyReport {
        var report = VerifyReport()
        let names = try fileSystem.listFiles()
        let dataFiles = names.compactMap(DataFileName.dataFile)
        let base = dataFiles.filter(\.isBase).map(\.number).max() ?? 0
        let live = dataFiles.filter { $0.isBase ? $0.number == base : $0.number > base }.sorted()
        let newest = live.last { !$0.isBase }
        let state = StoreState(schema: StoreSchema())
        let replay = LogReplay(fileSystem: fileSystem)
        var sequence: UInt64?
        for file in live {
            var outcome = try replay.replay(
                file,
                from: 0,
                after: file.isBase ? nil : sequence,
                isNewest: file == newest && newestLimit == nil,
                into: state
            )
            sequence = file.isBase ? nil : outcome.lastSequence
            report.missingRecords += outcome.gaps
            if let newestLimit, file == .log(newestLimit.file) {
                // While the server runs, bytes past the applied position may be a write in progress.
                outcome.damaged.removeAll { $0.0.offset >= newestLimit.offset }
            }
            report.files.append(.init(name: file.name, bytes: outcome.bytes, records: outcome.applied))
            report.badLines += outcome.damaged.map(\.0) + outcome.tail.map(\.0)
        }
        report.records = state.collections.mapValues(\.count).filter { $0.value > 0 }
        for name in names where DataFileName.snapshotPoint(name) != nil {
            var count = 0
            do {
                _ = try SnapshotFile.read(fileSystem, name: name, header: { _ in }, entry: { _ in count += 1 })
                report.files.append(.init(name: name, bytes: 0, records: count))
            } catch {
                report.badSnapshots.append("\(error)")
            }
        }
        if names.contains(DataFileName.quarantine) {
            report.previouslyQuarantined = try Quarantine(fileSystem: fileSystem).known.count
        }
        return report
    }
}
