import Dispatch
import Logging
import Synchronization

/// A write batch on its way to the log.
struct PendingBatch: Sendable {
    enum Step: Sendable {
        /// A put or a single delete, encoded but for its sequence number.
        case line(PendingMutation)
        /// Deletes of `keys`, whose lines the committer encodes as it writes them; the first one is
        /// line `firstPosition` of the batch.
        case deletes(collection: String, keys: [String], firstPosition: Int)
    }

    var steps: [Step]
    /// Lines in the batch.
    var count: Int
}

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
        case records(PendingBatch)
        /// Close the active segment and start the next; answers once the new one is durable.
        case rotate
        /// Flush now, whatever the policy.
        case sync
        /// Cut the segment's blank space off, flush, close it and stop the thread.
        case close
    }

    /// What a finished request reports.
    enum Reply: Sendable {
        case done
        /// The segment `closed` was closed; the next one starts at sequence number `nextSequence`.
        case rotated(closed: UInt32, nextSequence: UInt64)
    }

    private struct Entry: Sendable {
        let request: Request
        let completion: @Sendable (Result<Reply, StoreError>) -> Void
    }

    private struct Queue: ~Copyable {
        var entries: [Entry] = []
        var failure: StoreError?
        var stopped = false
    }

    let fileSystem: any StoreFileSystem
    let options: StoreOptions
    let state: Locked<StoreState>
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    /// The active segment; only the commit thread changes it.
    let segment: Mutex<ActiveSegment>
    /// Newlines, written in pieces of this size when the active segment grows.
    let blankChunk: [UInt8]
    /// Whether the file system keeps link counts, so a log deleted under the store can be told:
    /// the active log, just opened by its name, must count as linked (some network and FUSE file
    /// systems report no links at all, and every write would be refused).
    let seesDeletedLogs: Bool

    init(fileSystem: any StoreFileSystem, options: StoreOptions, state: Locked<StoreState>, active: Recovery.Active) {
        self.fileSystem = fileSystem
        self.options = options
        self.state = state
        seesDeletedLogs = fileSystem.isLinked(active.handle)
        segment = Mutex(ActiveSegment(active))
        blankChunk = [UInt8](repeating: 0x0A, count: Int(min(options.logGrowthBytes, 64 << 10)))
        DedicatedThread.start(named: "store-commit") { [self] in run() }
    }

    /// The failure that stopped writes, if any.
    var failure: StoreError? { queue.withLock { $0.failure } }

    /// Queues a request; `completion` runs on the commit thread once it is done (or refused).
    func submit(_ request: Request, completion: @escaping @Sendable (Result<Reply, StoreError>) -> Void) {
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
    @discardableResult
    func submitAndWait(_ request: Request) throws(StoreError) -> Reply {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Reply, StoreError>?>(nil)
        submit(request) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0 ?? .failure(.closed) }.get()
    }

    /// Queues a request and suspends until it is done.
    func submit(_ request: Request) async throws(StoreError) {
        let result: Result<Reply, StoreError> = await withCheckedContinuation { continuation in
            submit(request) { continuation.resume(returning: $0) }
        }
        _ = try result.get()
    }

    /// Sleeps until work arrives. It used to poll the queue for 200 µs first to save the futex
    /// wake-up; measured with 16 uploaders that polling was a tenth of the server's CPU per upload,
    /// which a small NAS does not have, while the wake-up adds microseconds to an upload that waits
    /// milliseconds for its flush. Signals that arrive while a batch is written leave the semaphore
    /// counted, so the next wait returns at once and nothing queued is left sleeping.
    private func run() {
        while true {
            if options.fsync == .everysec {
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
                    entry.completion(.success(try control(entry.request)))
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

    private func control(_ request: Request) throws(StoreError) -> Reply {
        switch request {
        case .rotate:
            let (closed, next) = try rotate()
            return .rotated(closed: closed, nextSequence: next)
        case .sync:
            try syncNow()
            return .done
        case .close:
            try sealNow()
            return .done
        case .records:
            return .done
        }
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

    /// Appends, flushes (per policy) and applies one group of writes, then acknowledges them.
    private func commit(_ batch: [Entry]) {
        guard !batch.isEmpty else { return }
        if let failure {
            for entry in batch { entry.completion(.failure(failure)) }
            return
        }
        do throws(StoreError) {
            let batches = batch.compactMap { entry -> PendingBatch? in
                if case .records(let pending) = entry.request { return pending }
                return nil
            }
            try append(batches)
            for entry in batch { entry.completion(.success(.done)) }
        } catch {
            fail(error)
            for entry in batch { entry.completion(.failure(error)) }
        }
    }

    /// Stops all writes: a failed write or flush leaves the file in an unknown state, so nothing more
    /// is acknowledged until the store is reopened and recovers from disk.
    func fail(_ error: StoreError) {
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
