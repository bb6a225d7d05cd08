/// What the first and last lines of the live files say about the whole chain of records.
struct ChainReport {
    /// Files or records that should be there and are not, in plain words.
    var missing: [String] = []
    /// The newest base's first line, when it has one.
    var baseStart: FileMarker?
    /// The sequence number the newest log must start with, as the files before it say.
    var newestFirst: UInt64?
}

extension DataDirectory {
    /// Checks that the live files form one unbroken chain, reading only their first and last lines:
    /// a base must end with its end marker, each log's start marker must continue where the file
    /// before it ends, and no snapshot may resume in a log that is not there. Files from before
    /// markers existed are only checked by number.
    ///
    /// The newest log has nothing after it to vouch for it; a copy taken just before a new segment
    /// began legitimately ends with the one before. Such a copy holds everything acknowledged
    /// before it started, which is all a copy promises.
    func checkChain(_ fileSystem: any StoreFileSystem) throws -> ChainReport {
        var report = ChainReport()
        // Without a base, the records start at 1.
        var expected: UInt64? = 1
        if base > 0 {
            let base = FileID.base(self.base)
            let (first, last) = try ends(of: base, fileSystem)
            report.baseStart = first
            if case .baseStart(let covers, let next, _)? = first {
                expected = next
                if covers != base.number { report.missing.append("\(base.name) says it covers the logs up to \(covers)") }
                if last != .baseEnd {
                    report.missing.append("\(base.name) has no end line: it was cut short (a partial copy?)")
                }
            } else {
                expected = nil
            }
        }
        let live = liveLogs.map(\.number)
        guard let newest = live.last else {
            if base > 0 {
                // A compaction starts the log after its base before it writes the base.
                report.missing.append("\(FileID.log(base + 1).name) is missing (it follows \(FileID.base(base).name))")
            } else if names.contains(DataFileName.readme) {
                // The README is written once the first log is on disk, and never removed.
                report.missing.append("no log or base file: the data files of this store are missing")
            }
            report.newestFirst = expected
            return report
        }
        // A snapshot is published only after the log it resumes in exists on disk.
        if let beyond = snapshots.first(where: { $0.file > newest }) {
            report.missing.append("\(FileID.log(beyond.file).name) is missing (\(beyond.name) resumes in it)")
        }
        for (index, number) in live.enumerated() {
            let log = FileID.log(number)
            let predecessor = index == 0 ? base : live[index - 1]
            if number != predecessor + 1 {
                let names =
                    predecessor + 2 == number
                    ? FileID.log(predecessor + 1).name
                    : "\(FileID.log(predecessor + 1).name) to \(FileID.log(number - 1).name)"
                report.missing.append("\(names) missing")
                expected = nil
            }
            let isNewest = number == newest
            // The newest log's start may have been torn by a crash (recovery rewrites it).
            let (first, last) = try ends(of: log, fileSystem, readLast: !isNewest)
            if case .logStart(_, let start)? = first, let expected, start != expected {
                report.missing.append(Self.mismatch(expected: expected, found: start, at: log))
            }
            if isNewest {
                report.newestFirst = expected
                break
            }
            switch (first, last) {
            case (.logStart?, .record(let sequence)?): expected = sequence + 1
            case (.logStart(_, let start)?, .logStart?): expected = start  // closed before any record reached it
            default: expected = nil  // from before markers existed, or without an intact line
            }
        }
        return report
    }

    private static func mismatch(expected: UInt64, found start: UInt64, at log: FileID) -> String {
        start > expected
            ? (start - 1 == expected
                ? "record \(expected) is missing before \(log.name)"
                : "records \(expected)–\(start - 1) are missing before \(log.name)")
            : "\(log.name) starts at record \(start), but the files before it reach \(expected - 1): they do not belong together"
    }

    /// The last intact line of a file, as far as the chain is concerned.
    private enum Ending: Equatable {
        case logStart
        case baseEnd
        case record(sequence: UInt64)
    }

    /// The first line of `file` as a marker, and what its last intact line is.
    private func ends(of file: FileID, _ fileSystem: any StoreFileSystem, readLast: Bool = true) throws -> (FileMarker?, Ending?) {
        let handle = try fileSystem.open(file.name, mode: .read)
        defer { fileSystem.close(handle) }
        let reader = LineReader(fileSystem: fileSystem, handle: handle)
        let first = try reader.firstLine().flatMap { line in
            line.withUnsafeBytes { raw in SealedLine.isIntact(raw) ? FileMarker.parse(raw) : nil }
        }
        guard readLast, let (_, bytes) = try reader.lastIntactLine() else { return (first, nil) }
        let ending: Ending? = bytes.withUnsafeBytes { raw in
            if FileMarker.isMarker(raw) {
                switch FileMarker.parse(raw) {
                case .logStart?: return .logStart
                case .baseEnd?: return .baseEnd
                default: return nil
                }
            }
            return (try? RecordLine.header(of: raw)).map { .record(sequence: $0.sequence) }
        }
        return (first, ending)
    }
}
