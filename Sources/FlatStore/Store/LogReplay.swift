/// Replays the lines of one data file into a state, with the rules that make recovery safe:
/// checksummed lines only, batches applied whole, damaged lines set aside with their position.
struct LogReplay {
    /// What replaying one file found.
    struct Outcome {
        /// Damaged spans before the last good line (bit rot, a bad copy): quarantined, replay went on.
        var damaged: [(QuarantinedSpan, [UInt8])] = []
        /// Where the valid prefix of the file ends, when the file has a torn or incomplete tail.
        var tailCut: UInt64?
        /// The tail after `tailCut`: torn lines and lines of a batch that never completed.
        var tail: [(QuarantinedSpan, [UInt8])] = []
        /// Lines applied.
        var applied = 0
        /// Bytes read.
        var bytes: UInt64 = 0
        /// Places where sequence numbers jump with no damaged line to explain it: records are missing
        /// (a truncated or partly copied file).
        var gaps: [String] = []
        /// The last sequence number read, to check the next file against.
        var lastSequence: UInt64?
    }

    let fileSystem: any StoreFileSystem

    /// Replays `file` from `offset` into `state` (or only checks it when `state` is nil).
    ///
    /// Only the newest log can have a torn tail; damage anywhere else is set aside and replay goes on.
    /// In a base file every line stands alone: compaction copies lines whose batch mates may be dead.
    func replay(
        _ file: FileID,
        from offset: UInt64,
        after sequence: UInt64? = nil,
        isNewest: Bool,
        into state: StoreState?
    ) throws -> Outcome {
        let handle = try fileSystem.open(file.name, mode: .read)
        defer { fileSystem.close(handle) }
        var outcome = Outcome()
        var batch: [(RecordHeader, RecordLocation)] = []
        var batchStart: UInt64?
        // Damaged lines not yet followed by a good one: they may be the torn tail.
        var unresolved: [(QuarantinedSpan, [UInt8])] = []
        var previous = sequence
        var damageSincePrevious = false
        let reader = LineReader(fileSystem: fileSystem, handle: handle)
        let end = try reader.forEachLine(from: offset) { line, lineOffset in
            outcome.bytes += UInt64(line.count + 1)
            guard SealedLine.isIntact(line), var header = try? RecordLine.header(of: line) else {
                let reason = SealedLine.isIntact(line) ? "unreadable record" : "checksum mismatch"
                unresolved.append(Self.span(file, lineOffset, line, reason: reason))
                damageSincePrevious = true
                return true
            }
            // A base keeps only live records, so its sequence numbers legitimately skip.
            if !file.isBase, let previous, header.sequence > previous + 1, !damageSincePrevious {
                outcome.gaps.append(
                    "\(file.name):\(lineOffset): records \(previous + 1)–\(header.sequence - 1) are missing"
                )
            }
            previous = header.sequence
            damageSincePrevious = false
            outcome.damaged.append(contentsOf: unresolved)
            unresolved.removeAll()
            if file.isBase { header.more = 0 }
            let location = RecordLocation(
                file: file,
                offset: lineOffset,
                length: UInt32(line.count),
                sequence: header.sequence
            )
            if batch.isEmpty { batchStart = lineOffset }
            batch.append((header, location))
            if header.more == 0 {
                if let state { for (header, location) in batch { state.apply(header, summary: nil, location: location) } }
                outcome.applied += batch.count
                batch.removeAll()
                batchStart = nil
            }
            return true
        }
        let trailingStart = end.completeUpTo
        outcome.lastSequence = damageSincePrevious || end.trailingBytes > 0 ? nil : previous
        guard isNewest else {
            // A closed file is never appended again, so nothing in it is a tail in progress.
            if let state { for (header, location) in batch { state.apply(header, summary: nil, location: location) } }
            outcome.applied += batch.count
            outcome.damaged.append(contentsOf: unresolved)
            if end.trailingBytes > 0 {
                let bytes = try LineReader.read(
                    fileSystem,
                    handle,
                    at: trailingStart,
                    length: Int(min(end.trailingBytes, 1 << 20))
                )
                outcome.damaged.append(
                    (
                        QuarantinedSpan(
                            file: file.name,
                            offset: trailingStart,
                            length: end.trailingBytes,
                            reason: "unterminated line"
                        ), bytes
                    )
                )
            }
            return outcome
        }
        var cut: UInt64? = end.trailingBytes > 0 ? trailingStart : nil
        if let first = unresolved.first { cut = first.0.offset }
        if let batchStart, !batch.isEmpty { cut = min(cut ?? batchStart, batchStart) }
        guard let cut else { return outcome }
        outcome.tailCut = cut
        for (_, location) in batch {
            let bytes = try LineReader.read(fileSystem, handle, at: location.offset, length: Int(location.length))
            outcome.tail.append(
                (
                    QuarantinedSpan(
                        file: file.name,
                        offset: location.offset,
                        length: UInt64(location.length),
                        reason: "incomplete batch at tail (never acknowledged)"
                    ), bytes
                )
            )
        }
        outcome.tail.append(
            contentsOf: unresolved.map { span, bytes in
                var span = span
                span.reason = "torn tail"
                return (span, bytes)
            }
        )
        if end.trailingBytes > 0 {
            let length = Int(min(end.trailingBytes, 1 << 20))
            let bytes = try LineReader.read(fileSystem, handle, at: trailingStart, length: length)
            outcome.tail.append(
                (
                    QuarantinedSpan(
                        file: file.name,
                        offset: trailingStart,
                        length: end.trailingBytes,
                        reason: "torn tail (no newline)"
                    ), bytes
                )
            )
        }
        // Zero-filled tails (a crash before the data reached the disk) carry nothing worth keeping.
        outcome.tail.removeAll { $0.1.allSatisfy { $0 == 0 } }
        return outcome
    }

    private static func span(
        _ file: FileID,
        _ offset: UInt64,
        _ line: UnsafeRawBufferPointer,
        reason: String
    ) -> (QuarantinedSpan, [UInt8]) {
        (QuarantinedSpan(file: file.name, offset: offset, length: UInt64(line.count), reason: reason), Array(line))
    }
}
