import FoundationEssentials

/// The files of a data directory by role: which hold the current state, which a newer base has
/// superseded, and which are leftovers of an interrupted snapshot or compaction.
struct DataDirectory {
    /// Every name listed.
    let names: [String]
    /// Compacted bases, oldest first.
    let bases: [UInt32]
    /// Log segments, plain or compressed, oldest first.
    let logs: [UInt32]
    /// Data files present compressed (`….jsonl.gz`), some of them still beside their plain file too.
    let compressed: Set<FileID>
    /// Data files present plain (`….jsonl`).
    let plain: Set<FileID>
    /// Index snapshots, newest replay point first.
    let snapshots: [(name: String, file: UInt32, offset: UInt64)]
    /// Temporary files (`*.tmp`).
    let temporary: [String]

    /// Sorts a directory listing.
    init(_ names: [String]) {
        self.names = names
        plain = Set(names.compactMap(DataFileName.dataFile))
        compressed = Set(names.compactMap(DataFileName.compressedDataFile))
        let files = plain.union(compressed)
        bases = files.filter(\.isBase).map(\.number).sorted()
        logs = files.filter { !$0.isBase }.map(\.number).sorted()
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

    /// Sealed files — every log but the newest, and bases — that are still only plain.
    var uncompressed: [FileID] {
        let sealed = logs.dropLast().map(FileID.log) + bases.map(FileID.base)
        return sealed.filter { plain.contains($0) && !compressed.contains($0) }
    }

    /// The plain files of compressed ones that may go: never the newest log (it stays plain, being
    /// appended to), and only `retention` seconds after compression — so a copy that listed the
    /// plain file before still finds it. `compressedAt` reads the time from the compressed file's
    /// intact table; without one, the plain file stays.
    func expiredPlainCopies(now: Date, retention: Double, compressedAt: (FileID) -> Date?) -> [FileID] {
        plain.intersection(compressed).filter { $0 != liveLogs.last }.sorted().compactMap { file in
            guard let at = compressedAt(file) else { return nil }
            return now.timeIntervalSince(at) >= retention ? file : nil
        }
    }

    /// The names `file` is stored under here: plain, compressed, or both for a while.
    func storedNames(_ file: FileID) -> [String] {
        (plain.contains(file) ? [file.name] : []) + (compressed.contains(file) ? [file.name + DataFileName.compressedSuffix] : [])
    }

    /// The name a copy takes `file` under: compressed when it is, except the newest log, which is
    /// always plain (it is the one being appended to).
    func copyName(_ file: FileID) -> String {
        compressed.contains(file) && file != liveLogs.last ? file.name + DataFileName.compressedSuffix : file.name
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
