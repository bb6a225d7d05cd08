/// The line-by-line rules behind `LogReplay`.
///
/// Lines after the last applied one wait in `held` until it is known what they are:
/// - a batch is applied once all of its lines are there (`at` counts up, `more` down, `seq` by one);
/// - a damaged line, or a batch missing a line, is a *suspect*. In a closed file (synced when it was
///   closed) a suspect followed by a complete batch is damage to quarantine while replay goes on. In
///   the newest log it could also be a hole a crash left in writes that never reached the disk;
///   there it counts as damage only once a later line's `sync` mark proves those bytes had been
///   durable. A suspect still unproven at the end of the file starts the torn tail, and everything
///   from it on is cut — so no later write survives an earlier lost one.
/// - the intact lines of a batch that lost a line (a *partial* batch) are a suspect too, until the
///   loss is proven to be damage: then the batch had been durable whole, so acknowledged, and a
///   batch of puts has its intact lines applied rather than lost with the damaged one (an upload is
///   not lost because one of its lines rotted). A batch with a delete among its intact lines stays
///   all or nothing: applying its puts without its deletes would leave a moved record twice, and
///   its deletes without the put it lost would lose the record. Unproven at the end of the newest
///   log, a partial batch is cut with the tail, as a torn write is.
/// - blank lines are a suspect like any other. In the newest log no `sync` mark proves them, or
///   suspects that run into them, to be damage: a copy taken while the store writes over its blank
///   space can miss a write that a later one it holds had seen durable, and cutting there keeps
///   the copy a prefix. Blank lines that end a file after its last settled line are the space the
///   log grew ahead of its writes (`unusedFrom`): neither damage nor a tail.
struct SegmentScan {
    fileprivate enum Held {
        case suspect(QuarantinedSpan)
        /// A run of blank lines.
        case blank(QuarantinedSpan)
        case batch([(RecordHeader, RecordLocation)])
        /// The intact lines of a batch that lost others.
        case partial([(RecordHeader, RecordLocation)])
    }

    let file: FileID
    /// Whether the file was synced whole when it was closed (every log but the newest, every base).
    let closed: Bool
    /// Bytes of the file before this offset are known to have been durable.
    private var evidence: UInt64
    /// Whether lines carry `at` (files that start with a marker); nil until the first line is seen.
    var hasMarkers: Bool?
    private(set) var outcome = ReplayOutcome()
    private var batch: [(RecordHeader, RecordLocation)] = []
    private var held: [Held] = []
    /// Batches (by their first line's sequence number) with a delete among their intact lines.
    private var batchesWithDeletes: Set<UInt64> = []
    private var previous: UInt64?
    private var damageSincePrevious = false
    private var ended = false

    init(file: FileID, closed: Bool, durableUpTo: UInt64, previous: UInt64?) {
        self.file = file
        self.closed = closed
        evidence = durableUpTo
        self.previous = previous
    }

    /// Takes one newline-terminated line (without its newline).
    mutating func read(_ line: UnsafeRawBufferPointer, at offset: UInt64, into state: StoreState?) {
        defer { if hasMarkers == nil { hasMarkers = outcome.start != nil || !SealedLine.isIntact(line) } }
        let length = UInt64(line.count)
        guard SealedLine.isIntact(line) else { return damage(offset, length, "checksum mismatch") }
        if FileMarker.isMarker(line) {
            guard let marker = FileMarker.parse(line) else { return damage(offset, length, "unknown marker line") }
            return take(marker, at: offset, length: length)
        }
        guard var header = try? RecordLine.header(of: line) else { return damage(offset, length, "unreadable record") }
        outcome.recordLines += 1
        if ended { return damage(offset, length, "record after the end marker") }
        let location = RecordLocation(file: file, offset: offset, length: UInt32(line.count))
        if file.isBase {
            // A base holds single live records, copied from batches whose other lines may be dead.
            header.more = 0
            apply([(header, location)], into: state)
            return
        }
        checkSequence(header.sequence, at: offset)
        if hasMarkers == false, let last = batch.last, last.0.more > 0 {
            // Lines written before markers existed carry only the countdown.
            header.at = last.0.at + 1
        }
        if let sync = header.sync { evidence = max(evidence, sync) }
        if header.at == 0 {
            if !batch.isEmpty { breakBatch() }
            batch = [(header, location)]
        } else if let last = batch.last, last.0.sequence + 1 == header.sequence, last.0.at + 1 == header.at,
            last.0.more == header.more + 1
        {
            batch.append((header, location))
        } else {
            batch.append((header, location))
            breakBatch()
        }
        if let last = batch.last, last.0.more == 0 {
            if held.isEmpty {
                apply(batch, into: state)
            } else {
                held.append(.batch(batch))
            }
            batch.removeAll(keepingCapacity: true)
        }
        if !held.isEmpty { resolve(into: state) }
    }

    /// Starts in the middle of the file, whose first line was `start` (nil: not a marker).
    mutating func resume(after start: FileMarker?) {
        if case .logStart? = start { outcome.start = start }
        hasMarkers = outcome.start != nil
    }

    /// Takes a run of blank lines, `length` bytes of newlines at `offset`.
    mutating func blank(at offset: UInt64, length: UInt64) {
        if file.isBase { return damage(offset, length, "blank lines") }
        if !batch.isEmpty { breakBatch() }
        held.append(.blank(span(offset, length, "blank lines")))
        damageSincePrevious = true
    }

    /// Adds a damaged span found outside `read` (an unterminated last line).
    mutating func suspect(_ span: QuarantinedSpan) {
        if !batch.isEmpty { breakBatch() }
        held.append(.suspect(span))
        damageSincePrevious = true
    }

    /// Settles what is still held once the whole file was read.
    mutating func finish(into state: StoreState?) -> ReplayOutcome {
        if !batch.isEmpty { breakBatch() }
        resolve(into: state, atEnd: true)
        // Nothing but blank lines after the last settled line: the space the log grew ahead of its writes.
        if held.count == 1, case .blank(let span) = held[0] {
            held.removeAll()
            outcome.unusedFrom = span.offset
        }
        guard !held.isEmpty else { return outcome }
        var spans: [QuarantinedSpan] = []
        for item in held {
            switch item {
            case .suspect(let span), .blank(let span): spans.append(span)
            case .batch(let lines):
                spans += lines.map { span($0.1.offset, UInt64($0.1.length), "written after a torn write") }
            case .partial(let lines) where closed:
                // A closed file was durable whole: what a batch lost there is damage, not a crash.
                spans += applyPartial(lines, into: state)
            case .partial(let lines):
                spans += lines.map { span($0.1.offset, UInt64($0.1.length), "part of an incomplete batch") }
            }
        }
        guard !spans.isEmpty else { return outcome }
        if closed {
            outcome.trailing = spans.map { ($0, []) }
        } else {
            outcome.tailCut = spans[0].offset
            outcome.tail = spans.map { span in
                var span = span
                span.reason = "torn tail: " + span.reason
                return (span, [])
            }
        }
        return outcome
    }

    private mutating func take(_ marker: FileMarker, at offset: UInt64, length: UInt64) {
        switch marker {
        case .logStart(let segment, let first) where offset == 0 && !file.isBase:
            outcome.start = marker
            if segment != file.number {
                outcome.missing.append("\(file.name) says it is segment \(segment): a file was renamed or mixed up")
            }
            previous = first > 0 ? first - 1 : nil
        case .baseStart where offset == 0 && file.isBase:
            outcome.start = marker
        case .baseEnd where file.isBase && !ended:
            ended = true
            outcome.end = marker
        default:
            damage(offset, length, "misplaced marker line")
        }
    }

    private mutating func checkSequence(_ sequence: UInt64, at offset: UInt64) {
        if let previous, !damageSincePrevious, sequence != previous + 1 {
            outcome.missing.append(
                sequence > previous + 1
                    ? missingRange(previous + 1, sequence - 1, at: offset)
                    : "\(file.name):\(offset): sequence number \(sequence) repeats or goes back (after \(previous))"
            )
        }
        previous = sequence
        damageSincePrevious = false
    }

    private mutating func damage(_ offset: UInt64, _ length: UInt64, _ reason: String) {
        damageSincePrevious = true
        if file.isBase {
            outcome.damaged.append((span(offset, length, reason), []))
            return
        }
        if !batch.isEmpty { breakBatch() }
        held.append(.suspect(span(offset, length, reason)))
    }

    /// The batch being collected can never complete: its lines wait as a partial batch.
    private mutating func breakBatch() {
        for (header, _) in batch where header.operation == .delete {
            batchesWithDeletes.insert(Self.batchStart(header))
        }
        held.append(.partial(batch))
        batch.removeAll()
        damageSincePrevious = true
    }

    /// Settles what the lines read so far prove; `atEnd`: no more lines will come.
    private mutating func resolve(into state: StoreState?, atEnd: Bool = false) {
        if closed {
            // A complete batch after suspects proves they are damage in the middle of the file.
            guard let last = held.lastIndex(where: { if case .batch = $0 { true } else { false } }) else { return }
            let settled = held[...last]
            held.removeFirst(last + 1)
            for item in settled { settle(item, into: state) }
            return
        }
        while let first = held.first {
            switch first {
            case .batch: break
            case .blank: return
            case .suspect, .partial:
                if first.end > evidence { return }
                // Suspects that run into blank lines are the part of a write that a copy or a crash
                // caught, not damage: they wait for what follows them.
                let next = held.dropFirst().first { $0.isSuspect == false }
                if case .blank? = next { return }
                if next == nil && !atEnd { return }
            }
            held.removeFirst()
            settle(first, into: state)
        }
    }

    private mutating func settle(_ item: Held, into state: StoreState?) {
        switch item {
        case .suspect(let span), .blank(let span): outcome.damaged.append((span, []))
        case .batch(let lines): apply(lines, into: state)
        case .partial(let lines): outcome.damaged += applyPartial(lines, into: state).map { ($0, []) }
        }
    }

    /// Applies the lines of batches proven to have lost others to damage, but those of a batch that
    /// holds a delete; returns the lines not applied, as damage to quarantine. (A partial item can
    /// hold the end of one batch and a line of the next, so each line is judged by its own batch.)
    private mutating func applyPartial(_ lines: [(RecordHeader, RecordLocation)], into state: StoreState?) -> [QuarantinedSpan] {
        let kept = lines.filter { !batchesWithDeletes.contains(Self.batchStart($0.0)) }
        apply(kept, into: state)
        return lines.filter { batchesWithDeletes.contains(Self.batchStart($0.0)) }
            .map { span($0.1.offset, UInt64($0.1.length), "part of an incomplete batch") }
    }

    /// The sequence number of the first line of `header`'s batch, which every line of it names.
    private static func batchStart(_ header: RecordHeader) -> UInt64 {
        header.sequence - UInt64(max(0, min(header.at, Int(header.sequence))))
    }

    private mutating func apply(_ lines: [(RecordHeader, RecordLocation)], into state: StoreState?) {
        if let state { for (header, location) in lines { state.apply(header, summary: nil, location: location) } }
        outcome.applied += lines.count
        if let last = lines.last { outcome.lastApplied = max(outcome.lastApplied ?? 0, last.0.sequence) }
    }

    private func span(_ offset: UInt64, _ length: UInt64, _ reason: String) -> QuarantinedSpan {
        QuarantinedSpan(file: file.name, offset: offset, length: length, reason: reason)
    }

    private func missingRange(_ first: UInt64, _ last: UInt64, at offset: UInt64) -> String {
        first == last
            ? "\(file.name):\(offset): record \(first) is missing"
            : "\(file.name):\(offset): records \(first)–\(last) are missing"
    }
}

extension SegmentScan.Held {
    /// Whether the item waits for proof that it is damage: a suspect line or a partial batch.
    var isSuspect: Bool {
        switch self {
        case .suspect, .partial: true
        case .blank, .batch: false
        }
    }

    /// Where the item's last byte ends in the file.
    var end: UInt64 {
        switch self {
        case .suspect(let span), .blank(let span): span.offset + span.length
        case .batch(let lines), .partial(let lines): lines.last.map { $0.1.offset + UInt64($0.1.length) } ?? 0
        }
    }
}
