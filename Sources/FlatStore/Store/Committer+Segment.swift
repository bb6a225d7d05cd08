/// The log segment being appended to; only the commit thread changes it.
struct ActiveSegment: ~Copyable {
    var number: UInt32
    var handle: StoreFileHandle
    var size: UInt64
    /// Bytes of the segment known to be on stable storage: the `sync` mark of the next group.
    var durableSize: UInt64
    var nextSequence: UInt64
    /// The next write must start a new segment first.
    var rotateFirst: Bool
    var dirty = false
    var lastSync = ContinuousClock.now

    init(_ active: Recovery.Active) {
        number = active.number
        handle = active.handle
        size = active.size
        // Recovery flushed the newest log before handing it over.
        durableSize = active.size
        nextSequence = active.nextSequence
        rotateFirst = active.rotateFirst
    }

    init(number: UInt32, handle: StoreFileHandle, size: UInt64, nextSequence: UInt64) {
        self.number = number
        self.handle = handle
        self.size = size
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
    /// lets recovery tell old damage from a crash's torn write. If the write or its flush fails, the
    /// segment is cut back to where the group began, so an unacknowledged group never turns up
    /// after a restart while the disk is still up.
    func append(_ mutations: [PendingMutation]) throws(StoreError) {
        if segment.withLock({ $0.size >= options.segmentMaxBytes || $0.rotateFirst }) { _ = try rotate() }
        var bytes: [UInt8] = []
        var placed: [(mutation: PendingMutation, offset: Int, length: Int, sequence: UInt64)] = []
        placed.reserveCapacity(mutations.count)
        let (file, start) = try segment.withLock { segment throws(StoreError) -> (UInt32, UInt64) in
            var sequence = segment.nextSequence
            for mutation in mutations {
                let line = mutation.line.sealed(sequence: sequence, sync: placed.isEmpty ? segment.durableSize : nil)
                placed.append((mutation, bytes.count, line.count, sequence))
                bytes.append(contentsOf: line)
                bytes.append(0x0A)
                sequence += 1
            }
            let start = segment.size
            do {
                try bytes.withUnsafeBytes { raw in try fileSystem.append(segment.handle, raw) }
                if options.fsync == .always {
                    try fileSystem.sync(segment.handle)
                    segment.durableSize = start + UInt64(bytes.count)
                } else {
                    segment.dirty = true
                }
            } catch {
                do {
                    try fileSystem.truncate(segment.handle, to: start)
                } catch {
                    options.logger.error("could not cut back an unacknowledged write", metadata: ["error": "\(error)"])
                }
                throw StoreError(error)
            }
            segment.size = start + UInt64(bytes.count)
            segment.nextSequence = sequence
            return (segment.number, start)
        }
        state.withLock { state in
            for item in placed {
                let header = RecordHeader(
                    collection: item.mutation.collection,
                    key: item.mutation.key,
                    operation: item.mutation.operation,
                    sequence: item.sequence,
                    more: 0,
                    fields: item.mutation.fields,
                    bodyRange: nil
                )
                let location = RecordLocation(
                    file: .log(file),
                    offset: start + UInt64(item.offset),
                    length: UInt32(item.length),
                    sequence: item.sequence
                )
                state.apply(header, summary: item.mutation.summary, location: location)
            }
            state.applied = LogPosition(file: file, offset: start + UInt64(bytes.count))
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
                try fileSystem.sync(segment.handle)
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

    /// Flushes the active segment.
    func syncNow() throws(StoreError) {
        try segment.withLock { segment throws(StoreError) in
            do {
                try fileSystem.sync(segment.handle)
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
