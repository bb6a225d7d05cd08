/// A damaged span of a data file and its exact bytes, on the way to `quarantine.jsonl`.
typealias DamagedSpan = (span: QuarantinedSpan, bytes: [UInt8])

/// What replaying one data file found.
struct ReplayOutcome {
    /// Damaged spans known to hold data that once was durable (bit rot, a bad copy): quarantined,
    /// and every later good line was still applied.
    var damaged: [DamagedSpan] = []
    /// Newest log only: where its valid prefix ends, when what follows may be a write a crash tore.
    var tailCut: UInt64?
    /// The bytes after `tailCut` worth keeping (spans of zeros or newlines are dropped).
    var tail: [DamagedSpan] = []
    /// Closed files only: damage after the last applied line (a closed file was synced whole, so
    /// this is damage too, at the end of the file).
    var trailing: [DamagedSpan] = []
    /// Lines applied.
    var applied = 0
    /// Intact record lines read (applied or not).
    var recordLines = 0
    /// Bytes read.
    var bytes: UInt64 = 0
    /// Records missing inside the file: sequence numbers jump with no damage to explain it.
    var missing: [String] = []
    /// The file's first line, when it is a marker (files from before markers have none).
    var start: FileMarker?
    /// A base's last line, when it is its end marker.
    var end: FileMarker?
    /// The sequence number of the last applied record.
    var lastApplied: UInt64?
    /// Where the blank lines after the file's last line begin: the space the newest log grew ahead
    /// of its writes, which recovery cuts off.
    var unusedFrom: UInt64?
}

/// Replays the lines of one data file into a state, with the rules that make recovery safe:
/// checksummed lines only; a batch applied only when every one of its lines is there (or, for a
/// batch of puts, its intact lines once its loss is proven to be damage); damage
/// that was durable set aside while later lines are kept; and a possibly torn tail of the newest
/// log cut off rather than skipped over, so that no later write survives an earlier lost one.
struct LogReplay {
    let fileSystem: any StoreFileSystem

    /// Replays `file` from `offset` into `state` (or only checks it when `state` is nil).
    ///
    /// - Parameters:
    ///   - previous: the sequence number of the record just before `offset`, when known.
    ///   - isNewest: whether this is the log being appended to; only it can have a torn tail.
    ///   - durableUpTo: bytes of the newest log before this offset are known to have been on stable
    ///     storage (a snapshot's replay point); `sync` marks on its lines tell the rest.
    ///   - limit: stop reading here (a running store's applied position).
    func replay(
        _ file: FileID,
        from offset: UInt64,
        previous: UInt64? = nil,
        isNewest: Bool,
        durableUpTo: UInt64 = 0,
        limit: UInt64? = nil,
        into state: StoreState?
    ) throws -> ReplayOutcome {
        let handle = try fileSystem.open(file.name, mode: .read)
        defer { fileSystem.close(handle) }
        let reader = LineReader(fileSystem: fileSystem, handle: handle)
        var scan = SegmentScan(file: file, closed: !isNewest, durableUpTo: durableUpTo, previous: previous)
        if offset > 0 {
            let first = try reader.firstLine()
            scan.resume(
                after: first.flatMap { line in
                    line.withUnsafeBytes { raw in SealedLine.isIntact(raw) ? FileMarker.parse(raw) : nil }
                }
            )
        }
        // Blank lines come in runs (a log grown ahead of its writes ends with up to a step of
        // them), and the scan takes each run whole.
        var blankRun: (offset: UInt64, length: UInt64)?
        let end = try reader.forEachLine(from: offset, limit: limit) { line, lineOffset in
            if line.isEmpty {
                blankRun = (blankRun?.offset ?? lineOffset, (blankRun?.length ?? 0) + 1)
                return true
            }
            if let run = blankRun {
                scan.blank(at: run.offset, length: run.length)
                blankRun = nil
            }
            scan.read(line, at: lineOffset, into: state)
            return true
        }
        if let run = blankRun { scan.blank(at: run.offset, length: run.length) }
        if end.trailingBytes > 0 {
            scan.suspect(
                QuarantinedSpan(file: file.name, offset: end.completeUpTo, length: end.trailingBytes, reason: "unterminated line")
            )
        }
        var outcome = scan.finish(into: state)
        outcome.bytes = end.completeUpTo - offset + end.trailingBytes
        // Spans carry their exact bytes to the quarantine (up to 1 MiB each); tails of zeros or
        // newlines, which a crash leaves where data never reached the disk, carry nothing worth
        // keeping.
        func withBytes(_ spans: [DamagedSpan]) throws -> [DamagedSpan] {
            try spans.map { span, _ in
                (span, try LineReader.read(fileSystem, handle, at: span.offset, length: Int(min(span.length, 1 << 20))))
            }
        }
        outcome.damaged = try withBytes(outcome.damaged)
        outcome.trailing = try withBytes(outcome.trailing)
        outcome.tail = try withBytes(outcome.tail).filter { !$0.bytes.allSatisfy { $0 == 0 || $0 == 0x0A } }
        return outcome
    }
}
