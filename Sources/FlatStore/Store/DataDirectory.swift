import FoundationEssentials

/// The files of a data directory by role: which hold the current state, which a newer base has
/// superseded, and which are leftovers of an interrupted snapshot or compaction.
struct DataDirectory {
    /// Every name listed.
    let names: [String]
    /// Compacted bases, oldest first.
    let bases: [UInt32]
    /// Log segments, oldest first.
    let logs: [UInt32]
    /// Index snapshots, newest replay point first.
    let snapshots: [(name: String, file: UInt32, offset: UInt64)]
    /// Temporary files (`*.tmp`).
    let temporary: [String]

    /// Sorts a directory listing.
    init(_ names: [String]) {
        self.names = names
        var bases: [UInt32] = []
        var logs: [UInt32] = []
        for file in names.compactMap(DataFileName.dataFile) {
            if file.isBase { bases.append(file.number) } else { logs.append(file.number) }
        }
        self.bases = bases.sorted()
        self.logs = logs.sorted()
        snapshots = names.compactMap { name in DataFileName.snapshotPoint(name).map { (name, $0.file, $0.offset) } }
            .sorted { ($0.file, $0.offset) > ($1.file, $1.offset) }
        temporary = names.filter { $0.hasSuffix(DataFileName.temporarySuffix) }
    }

    /// The newest base (0 when there is none): it supersedes older bases and the logs it covers.
    var base: UInt32 { bases.last ?? 0 }

    /// The logs after the newest base, oldest first: with the base, the current state.
    var liveLogs: [FileID] { logs.filter { $0 > base }.map(FileID.log) }

    /// The base and logs that hold the current state.
    var liveFiles: [FileID] { (base > 0 ? [FileID.base(base)] : []) + liveLogs }

    /// Data files a newer base has replaced, each with the base that replaced it (for bases: the next
    /// base; for logs: the oldest base covering them).
    var superseded: [(file: FileID, by: UInt32)] {
        var result: [(FileID, UInt32)] = []
        for (index, number) in bases.enumerated() where index + 1 < bases.count {
            result.append((.base(number), bases[index + 1]))
        }
        for number in logs where number <= base {
            if let by = bases.first(where: { $0 >= number }) { result.append((.log(number), by)) }
        }
        return result
    }

    /// Superseded data files that may go: replaced by a base that is itself no longer the newest
    /// (so the generation a copy could still need is kept), at least `retention` seconds ago.
    ///
    /// The time comes from the replacing base's own first line, so the rule survives restarts.
    func expiredFiles(now: Date, retention: Double, created: (UInt32) -> Date?) -> [FileID] {
        superseded.compactMap { file, by in
            guard by != base else { return nil }
            let since = created(by) ?? .distantPast
            return now.timeIntervalSince(since) >= retention ? file : nil
        }
    }

    /// Snapshots a newer one replaced at least `retention` seconds ago, beyond the newest two, or
    /// beyond the newest eight whatever their age (snapshots are not needed for a complete copy, so
    /// a busy store does not keep an hour of them); never the one in use.
    ///
    /// `created` reads a snapshot's time from its header.
    func expiredSnapshots(inUse: String?, now: Date, retention: Double, created: (String) -> Date?) -> [String] {
        var expired: [String] = []
        for (index, snapshot) in snapshots.enumerated() where index >= 2 && snapshot.name != inUse {
            let replacedAt = created(snapshots[index - 1].name) ?? .distantPast
            if index >= 8 || now.timeIntervalSince(replacedAt) >= retention { expired.append(snapshot.name) }
        }
        return expired
    }
}
