import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One mutation on its way to the log, with what the index needs once it is durable.
struct PendingMutation: Sendable {
    var line: RecordLine.Pending
    var collection: String
    var key: String
    var operation: RecordOperation
    var fields: IndexFields
    /// The summary built by the writer, so the commit thread does not rebuild it.
    var summary: (any Sendable)?
}

/// The group-commit engine: one thread appends queued mutations to the active log segment,
/// flushes once for everything it took, applies the batch to the in-memory state, then
/// acknowledges every writer whose records it carried.
final class Committer: Sendable {
    enum Request: Sendable {
        case records([PendingMutation])
        /// Close the active segment and start the next; answers once the new one is durable.
        case rotate
        /// Flush now, whatever the policy.
        case sync
        /// Flush, close the segment and stop the thread.
        case close
    }

    private struct Entry: Sendable {
        let request: Request
        let completion: @Sendable (Result<Void, StoreError>) -> Void
    }

    private struct Queue: ~Copyable {
        var entries: [Entry] = []
        var failure: StoreError?
        var stopped = false
    }

    /// What only the commit thread touches.
    private struct Segment: ~Copyable {
        var number: UInt32
        var handle: StoreFileHandle
        var size: UInt64
        var nextSequence: UInt64
        var dirty = false
        var lastSync = ContinuousClock.now
    }

    private let fileSystem: any StoreFileSystem
    private let options: StoreOptions
    private let state: Locked<StoreState>
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let segment: Mutex<Segment>

    init(
        fileSystem: any StoreFileSystem,
        options: StoreOptions,
        state: Locked<StoreState>,
        activeSegment: UInt32,
        handle: StoreFileHandle,
        size: UInt64,
        nextSequence: UInt64
    ) {
        self.fileSystem = fileSystem
        self.options = options
        self.state = state
        segment = Mutex(Segment(number: activeSegment, handle: handle, size: size, nextSequence: nextSequence))
        DedicatedThread.start { [self] in run() }
    }

    /// The failure that stopped writes, if any.
    var failure: StoreError? { queue.withLock { $0.failure } }

    /// Queues a request; `completion` runs on the commit thread once it is done (or refused).
    func submit(_ request: Request, completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        let refusal: StoreError? = queue.withLock { queue in
            if let failure = queue.failure { return failure }
            if queue.stopped { return .closed }
            queue.entries.append(Entry(request: request, completion: completion))
            return nil
        }
        if let refusal {
            completion(.failure(refusal))
        } else {
            wake.signal()
        }
    }

    /// Queues a request and waits for it (for background threads, never the cooperative pool).
    func submitAndWait(_ request: Request) throws(StoreError) {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, StoreError>?>(nil)
        submit(request) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        if case .failure(let error)? = outcome.withLock({ $0 }) { throw error }
    }

    /// Queues a request and suspends until it is done.
    func submit(_ request: Request) async throws(StoreError) {
        let result: Result<Void, StoreError> = await withCheckedContinuation { continuation in
            submit(request) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    private func run() {
        while true {
            if waitBriefly() {
                // Work arrived while spinning: skip the semaphore sleep and its wake-up latency.
            } else if options.fsync == .everysec {
                _ = wake.wait(timeout: .now() + .milliseconds(1000))
            } else {
                wake.wait()
            }
            let entries = queue.withLock { queue in
                let taken = queue.entries
                queue.entries.removeAll(keepingCapacity: true)
                return taken
            }
            if process(entries) { return }
            if options.fsync == .everysec { syncIfDue() }
        }
    }

    /// Polls the queue for a short while before sleeping: a sequential writer's next request usually
    /// arrives within microseconds of its acknowledgement, and a futex wake-up costs more than that.
    private func waitBriefly() -> Bool {
        let deadline = ContinuousClock.now + .microseconds(200)
        repeat {
            if queue.withLock({ !$0.entries.isEmpty }) { return true }
            sched_yield()
        } while ContinuousClock.now < deadline
        return false
    }

    /// Handles one drained queue; returns true when the thread should stop.
    private func process(_ entries: [Entry]) -> Bool {
        var batch: [Entry] = []
        for entry in entries {
            switch entry.request {
            case .records:
                batch.append(entry)
            case .rotate, .sync, .close:
                commit(batch)
                batch.removeAll()
                if let failure = failure {
                    entry.completion(.failure(failure))
                    if case .close = entry.request { return stop() }
                    continue
                }
                do throws(StoreError) {
                    try control(entry.request)
                    entry.completion(.success(()))
                } catch {
                    fail(error)
                    entry.completion(.failure(error))
                }
                if case .close = entry.request { return stop() }
            }
        }
        commit(batch)
        return false
    }

    private func stop() -> Bool {
        let rest = queue.withLock { queue in
            queue.stopped = true
            let rest = queue.entries
            queue.entries.removeAll()
            return rest
        }
        for entry in rest { entry.completion(.failure(.closed)) }
        segment.withLock { fileSystem.close($0.handle) }
        return true
    }

    /// Appends, flushes (per policy) and applies one group of writes.
    private func commit(_ batch: [Entry]) {
        guard !batch.isEmpty else { return }
        if let failure {
            for entry in batch { entry.completion(.failure(failure)) }
            return
        }
        var bytes: [UInt8] = []
        var placed: [(mutation: PendingMutation, offset: Int, length: Int, sequence: UInt64)] = []
        var firstSequence: UInt64 = 0
        segment.withLock { firstSequence = $0.nextSequence }
        var sequence = firstSequence
        for entry in batch {
            guard case .records(let mutations) = entry.request else { continue }
            for mutation in mutations {
                let line = mutation.line.sealed(sequence: sequence)
                placed.append((mutation, bytes.count, line.count, sequence))
                bytes.append(contentsOf: line)
                bytes.append(0x0A)
                sequence += 1
            }
        }
        do throws(StoreError) {
            let (file, start) = try append(bytes, nextSequence: sequence)
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
            for entry in batch { entry.completion(.success(())) }
        } catch {
            fail(error)
            for entry in batch { entry.completion(.failure(error)) }
        }
    }

    /// Writes `bytes` to the active segment (rotating first if it is full) and flushes per policy.
    private func append(_ bytes: [UInt8], nextSequence: UInt64) throws(StoreError) -> (UInt32, UInt64) {
        if segment.withLock({ $0.size >= options.segmentMaxBytes }) { try rotate() }
        return try segment.withLock { segment throws(StoreError) in
            do {
                try bytes.withUnsafeBytes { raw in try fileSystem.append(segment.handle, raw) }
                if options.fsync == .always {
                    try fileSystem.sync(segment.handle)
                } else {
                    segment.dirty = true
                }
            } catch {
                throw StoreError(error)
            }
            let start = segment.size
            segment.size += UInt64(bytes.count)
            segment.nextSequence = nextSequence
            return (segment.number, start)
        }
    }

    private func control(_ request: Request) throws(StoreError) {
        switch request {
        case .rotate: try rotate()
        case .sync, .close: try syncNow()
        case .records: break
        }
    }

    /// Flushes and closes the active segment, then creates the next one and makes its name durable.
    private func rotate() throws(StoreError) {
        try segment.withLock { segment throws(StoreError) in
            do throws {
                try fileSystem.sync(segment.handle)
                let next = segment.number + 1
                let handle = try fileSystem.open(FileID.log(next).name, mode: .appendOrCreate)
                try fileSystem.syncDirectory()
                fileSystem.close(segment.handle)
                segment = Segment(number: next, handle: handle, size: 0, nextSequence: segment.nextSequence)
            } catch {
                throw StoreError(error)
            }
        }
        let number = segment.withLock { $0.number }
        state.withLock { $0.applied = LogPosition(file: number, offset: 0) }
    }

    private func syncNow() throws(StoreError) {
        try segment.withLock { segment throws(StoreError) in
            do throws {
                try fileSystem.sync(segment.handle)
            } catch {
                throw StoreError(error)
            }
            segment.dirty = false
            segment.lastSync = .now
        }
    }

    private func syncIfDue() {
        let due = segment.withLock { $0.dirty && ContinuousClock.now - $0.lastSync >= .seconds(1) }
        guard due, failure == nil else { return }
        do throws(StoreError) { try syncNow() } catch { fail(error) }
    }

    /// Stops all writes: a failed write or flush leaves the file in an unknown state, so nothing more
    /// is acknowledged until the store is reopened and recovers from disk.
    private func fail(_ error: StoreError) {
        let reason = error.description
        let first = queue.withLock { queue -> Bool in
            guard queue.failure == nil else { return false }
            queue.failure = .writesStopped(reason: reason)
            return true
        }
        guard first else { return }
        options.logger.critical("store writes stopped", metadata: ["reason": "\(reason)"])
    }
}
