import FlatStore
import Synchronization

/// The store's maintenance operations on demand (api.md §7), one at a time.
final class StoreMaintenance: Sendable {
    /// What can be asked for.
    enum Operation: String, Sendable, CaseIterable {
        /// Rewrites the store without dead records.
        case compact
        /// Re-reads every file and checks every record.
        case verify
        /// Writes an index snapshot now.
        case snapshot
    }

    /// The store's size before or after an operation.
    struct Figures: Sendable {
        /// Bytes of the data files in use (logs, base, snapshot).
        var bytes: UInt64
        /// Live records.
        var records: Int
        /// Data files in use.
        var files: Int

        init(_ statistics: StoreStatistics) {
            bytes = statistics.logBytes + statistics.baseBytes + statistics.snapshotBytes
            records = statistics.totalRecords
            files = statistics.files
        }
    }

    /// What an operation did.
    struct Outcome: Sendable {
        var operation: Operation
        var milliseconds: Int
        var before: Figures
        var after: Figures
        /// Damage or missing data found (verify), in plain words; empty when all is well.
        var problems: [String]
    }

    /// Another operation is still running.
    struct Busy: Error {
        /// The one that runs.
        let running: Operation
    }

    private let holder: StoreHolder
    private let running = Mutex<Operation?>(nil)

    init(holder: StoreHolder) {
        self.holder = holder
    }

    /// Runs `operation` now; throws `Busy` while another one runs.
    func run(_ operation: Operation) async throws -> Outcome {
        try running.withLock { running in
            if let running { throw Busy(running: running) }
            running = operation
        }
        defer { running.withLock { $0 = nil } }
        let store = holder.current
        let started = ContinuousClock.now
        let before = Figures(store.statistics())
        var problems: [String] = []
        switch operation {
        case .compact: _ = try await store.compact()
        case .snapshot: try await store.snapshot()
        case .verify:
            problems = try await store.verify().problems
        }
        return Outcome(
            operation: operation,
            milliseconds: Int(((ContinuousClock.now - started) / .milliseconds(1)).rounded()),
            before: before,
            after: Figures(store.statistics()),
            problems: problems
        )
    }
}
