/// The log segment being appended to; only the commit thread changes it.
struct ActiveSegment: ~Copyable {
    var number: UInt32
    var handle: StoreFileHandle
    /// Where the next line goes: the end of the last line written.
    var size: UInt64
    /// The file's size: past `size` it holds blank space (newlines) that commits are written over.
    var allocated: UInt64
    /// Bytes of the segment known to be on stable storage: the `sync` mark of the next group.
    var durableSize: UInt64
    var nextSequence: UInt64
    /// The next write must start a new segment first.
    var rotateFirst: Bool
    /// The disk had no room for a step of blank space: this segment is appended to without one.
    var growthRefused = false
    var dirty = false
    var lastSync = ContinuousClock.now

    init(_ active: Recovery.Active) {
        number = active.number
        handle = active.handle
        size = active.size
        allocated = active.size
        // Recovery flushed the newest log before handing it over.
        durableSize = active.size
        nextSequence = active.nextSequence
        rotateFirst = active.rotateFirst
    }

    init(number: UInt32, handle: StoreFileHandle, size: UInt64, nextSequence: UInt64) {
        self.number = number
        self.handle = handle
        self.size = size
        allocated = size
        durableSize = size
        self.nextSequence = nextSequence
        rotateFirst = false
    }
}

extension Committer {
    /// Writes one commit group to the active segment (starting the next segment first when this
    /// one is full), flushes per policy, and applies it to the indexes.
    ///
    /// The group's first line carries `sync`: how much of the segment was durable before it, which
    /// lets recovery tell old damage from a crash's torn write. Each line is sealed straight into the
    /// buffer written out, and the buffer goes out (under one flush) whenever it reaches
    /// `appendChunkBytes`, so a batch of a million deletes needs no more memory
    /// than its keys. If a write or the flush fails, the segment is cut back to where the group
    /// began, so an unacknowledged group never turns up after a restart while the disk is still up.
    func append(_ batches: [PendingBatch]) throws(StoreError) {
        if segment.withLock({ $0.size >= options.segmentMaxBytes || $0.rotateFirst }) { _ = try rotate() }
        var puts: [(mutation: PendingMutation, offset: UInt64, length: Int, sequence: UInt64)] = []
        var deletes: [(collection: String, keys: [String])] = []
        var deleteBytes: UInt64 = 0
        let (file, end, last) = try segment.withLock { segment throws(StoreError) -> (UInt32, UInt64, UInt64) in
            let start = segment.size
            var written = start
            var buffer: [UInt8] = []
            buffer.reserveCapacity(min(options.appendChunkBytes, 1 << 20))
            var sequence = segment.nextSequence
            var sync: UInt64? = segment.durableSize
            do {
                /// Ends the line just sealed at the buffer's end, and writes the buffer out once it
                /// holds `appendChunkBytes`.
                func endLine() throws {
                    buffer.append(0x0A)
                    sequence += 1
                    sync = nil
                    if buffer.count >= options.appendChunkBytes {
                        try place(buffer, in: &segment, at: written)
                        written += UInt64(buffer.count)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                for batch in batches {
                    for step in batch.steps {
                        switch step {
                        case .line(let mutation):
                            let offset = written + UInt64(buffer.count)
                            let length = mutation.line.appendSealed(to: &buffer, sequence: sequence, sync: sync)
                            puts.append((mutation, offset, length, sequence))
                            try endLine()
                        case .deletes(let collection, let keys, let first):
                            for (index, key) in keys.enumerated() {
                                let position = first + index
                                let length = RecordLine.pending(
                                    collection: collection,
                                    key: key,
                                    operation: .delete,
                                    fields: nil,
                                    at: position,
                                    more: batch.count - 1 - position,
                                    body: nil
                                ).appendSealed(to: &buffer, sequence: sequence, sync: sync)
                                deleteBytes += UInt64(length)
                                try endLine()
                            }
                            deletes.append((collection, keys))
                        }
                    }
                }
                try place(buffer, in: &segment, at: written)
                written += UInt64(buffer.count)
                if options.fsync == .always { try fileSystem.sync(segment.handle) }
                // A log deleted under the store takes writes that no restart finds: not acknowledged.
                guard !seesDeletedLogs || fileSystem.isLinked(segment.handle) else {
                    throw FileSystemError(operation: "write", name: FileID.log(segment.number).name, code: Errno.noEntry)
                }
                if options.fsync == .always {
                    segment.durableSize = written
                } else {
                    segment.dirty = true
                }
            } catch {
                do {
                    try fileSystem.truncate(segment.handle, to: start)
                    segment.allocated = start
                } catch {
                    options.logger.error("could not cut back an unacknowledged write", metadata: ["error": "\(error)"])
                }
                throw StoreError(error)
            }
            segment.size = written
            segment.nextSequence = sequence
            return (segment.number, written, sequence - 1)
        }
        state.withLock { state in
            for item in puts {
                let header = RecordHeader(
                    collection: item.mutation.collection,
                    key: item.mutation.key,
                    operation: item.mutation.operation,
                    sequence: item.sequence,
                    more: 0,
                    fields: item.mutation.fields,
                    bodyRange: nil
                )
                let location = RecordLocation(file: .log(file), offset: item.offset, length: UInt32(item.length))
                state.apply(header, summary: item.mutation.summary, location: location)
            }
            for (collection, keys) in deletes {
                let index = state.collection(named: collection)
                for key in keys {
                    if let old = index.applyDelete(key: key) { state.deadBytes += UInt64(old.length) }
                }
            }
            state.deadBytes += deleteBytes
            state.lastSequence = max(state.lastSequence, last)
            state.applied = LogPosition(file: file, offset: end)
        }
    }

    /// Closes the active segment and starts the next; returns the closed number and the next
    /// segment's first sequence number.
    ///
    /// The closed segment is flushed before the next one exists, so every log but the newest is
    /// durable whole (recovery relies on it); the next one is durable, file and directory, before
    /// anything is written to it.
    func rotate() throws(StoreError) -> (closed: UInt32, nextSequence: UInt64) {
        let (closed, first, size) = try segment.withLock { segment throws(StoreError) -> (UInt32, UInt64, UInt64) in
            do {
                let first = segment.nextSequence
                try seal(&segment)
                let (handle, size) = try SegmentFile.create(fileSystem, number: segment.number + 1, firstSequence: first)
                fileSystem.close(segment.handle)
                let closed = segment.number
                segment = ActiveSegment(number: closed + 1, handle: handle, size: size, nextSequence: first)
                return (closed, first, size)
            } catch {
                throw StoreError(error)
            }
        }
        state.withLock { $0.applied = LogPosition(file: closed + 1, offset: size) }
        return (closed, first)
    }

    /// Writes `bytes` at `offset` (the end of the last line) and, when they ran past the file's end,
    /// a step of blank space after them, up to a multiple of the step (no further than the segment's
    /// size limit, past which it is sealed).
    ///
    /// The blank space goes under the same flush as the bytes: a crash before that flush leaves
    /// newlines, zeros or torn lines past the last durable line, which recovery cuts off.
    private func place(_ bytes: [UInt8], in segment: inout ActiveSegment, at offset: UInt64) throws {
        try bytes.withUnsafeBytes { raw in try fileSystem.write(segment.handle, raw, at: offset) }
        let end = offset + UInt64(bytes.count)
        let step = options.logGrowthBytes
        guard step > 0, !segment.growthRefused else {
            segment.allocated = max(segment.allocated, end)
            return
        }
        guard end > segment.allocated else { return }
        let target = min((end / step + 1) * step, max(end, options.segmentMaxBytes))
        do {
            try writeBlank(from: end, to: target, in: segment.handle)
        } catch let error as FileSystemError where error.isOutOfSpace {
            try refuseGrowth(of: &segment, at: end, error)
            return
        }
        segment.allocated = target
    }

    /// Fills `from..<target` of `handle` with newlines.
    private func writeBlank(from start: UInt64, to target: UInt64, in handle: StoreFileHandle) throws {
        var from = start
        try blankChunk.withUnsafeBytes { blank in
            while from < target {
                let count = Int(min(UInt64(blank.count), target - from))
                try fileSystem.write(handle, UnsafeRawBufferPointer(rebasing: blank[0..<count]), at: from)
                from += UInt64(count)
            }
        }
    }

    /// A full disk (or quota) refused the blank space, not the lines: cuts off what part of it got
    /// written and appends to this segment from now on, so the store writes until the lines
    /// themselves find no room, as it would without growth. The lines already written stay; the
    /// group's flush still covers them. Should the cut fail, the group fails with the disk's error.
    private func refuseGrowth(of segment: inout ActiveSegment, at end: UInt64, _ refusal: FileSystemError) throws {
        do {
            try fileSystem.truncate(segment.handle, to: end)
        } catch {
            throw refusal
        }
        segment.allocated = end
        segment.growthRefused = true
        options.logger.warning(
            "no room to grow the log ahead of its writes; appending to it",
            metadata: ["segment": "\(segment.number)", "error": "\(refusal)"]
        )
    }

    /// Cuts off the blank space the segment grew ahead of its writes, then flushes it, so that a
    /// segment the store no longer writes to ends with its last line.
    func seal(_ segment: inout ActiveSegment) throws {
        if segment.allocated > segment.size {
            try fileSystem.truncate(segment.handle, to: segment.size)
            segment.allocated = segment.size
        }
        try fileSystem.sync(segment.handle)
    }

    /// Seals the active segment before the store closes.
    func sealNow() throws(StoreError) {
        try flushNow { segment in try seal(&segment) }
    }

    /// Flushes the active segment.
    func syncNow() throws(StoreError) {
        try flushNow { segment in try fileSystem.sync(segment.handle) }
    }

    /// Runs `flush` on the active segment under its lock, then counts all its bytes as durable.
    private func flushNow(_ flush: (inout ActiveSegment) throws -> Void) throws(StoreError) {
        try segment.withLock { segment throws(StoreError) in
            do {
                try flush(&segment)
            } catch {
                throw StoreError(error)
            }
            segment.durableSize = segment.size
            segment.dirty = false
            segment.lastSync = .now
        }
    }

    /// `everysec`: flushes once a second has passed since the last flush.
    func syncIfDue() {
        let due = segment.withLock { $0.dirty && ContinuousClock.now - $0.lastSync >= .seconds(1) }
        guard due, failure == nil else { return }
        do throws(StoreError) { try syncNow() } catch { fail(error) }
    }
}
