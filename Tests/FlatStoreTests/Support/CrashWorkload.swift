import FlatStore
import Foundation
import Logging

/// A deterministic single-writer workload for the crash explorer and the fault injector: batches of
/// puts, overwrites and deletes of notes (lines of 60–900 bytes, so they straddle 512-byte units),
/// each batch moving the `counter` note to its number, with snapshots and compactions in between,
/// small segments (frequent rotation) grown ahead of their writes in small steps and no retention (superseded files are deleted as soon as
/// the rule allows). Some batches are written in the middle of a snapshot or a compaction, at the
/// moment that decides which old lines it leaves out, and replace or delete old records; some delete
/// many keys at once, and commit groups and compacted bases are written in small pieces
/// (`appendChunkBytes`, `compactionFlushBytes`).
///
/// The counter a recovered store holds says which prefix of batches it must equal exactly.
struct CrashWorkload: Sendable {
    enum Step: Sendable {
        case batch(Int)
        /// A snapshot, with batch `during` (if any) written right after it took its replay point.
        case snapshot(during: Int?)
        /// A compaction, with batch `during` (if any) written right after it started a new segment.
        case compact(during: Int?)
        /// Compressing the closed logs, with batch `during` (if any) written right after it listed
        /// the directory to find them (so the log it takes for the newest may be closed meanwhile).
        case compress(during: Int?)
    }

    enum Mutation: Sendable {
        case put(Note)
        case delete(String)
        /// Deletes of several keys through `WriteBatch.delete(_:keys:)`, encoded by the committer.
        case deleteMany([String])
    }

    let name: String
    let fsync: FsyncPolicy
    let steps: [Step]
    /// The mutations of batch k at index k - 1 (the counter put comes on top).
    let batches: [[Mutation]]

    init(
        name: String,
        fsync: FsyncPolicy,
        batchCount: Int,
        snapshotEvery: Int,
        compactEvery: Int,
        compressEvery: Int = 4,
        seed: UInt64
    ) {
        self.name = name
        self.fsync = fsync
        var random = SeededRandom(seed: seed)
        var steps: [Step] = []
        var batches: [[Mutation]] = []
        var number = 0
        func addBatch(replacingOld: Bool) {
            number += 1
            var mutations: [Mutation] = [.put(Self.note("n\(number)", number, &random))]
            if number > 3, replacingOld || Int.random(in: 0..<3, using: &random) == 0 {
                mutations.append(.put(Self.note("n\(Int.random(in: 1..<number, using: &random))", number, &random)))
            }
            if number > 5, replacingOld || Int.random(in: 0..<4, using: &random) == 0 {
                mutations.append(.delete("n\(Int.random(in: 1..<number, using: &random))"))
            }
            if number > 10, Int.random(in: 0..<6, using: &random) == 0 {
                mutations.append(
                    .deleteMany((0..<Int.random(in: 3...8, using: &random)).map { _ in "n\(Int.random(in: 1..<number, using: &random))" })
                )
            }
            batches.append(mutations)
        }
        while number < batchCount {
            addBatch(replacingOld: false)
            steps.append(.batch(number))
            let inside = number + 1 < batchCount && Bool.random(using: &random)
            if snapshotEvery > 0, number % snapshotEvery == 0 {
                if inside { addBatch(replacingOld: true) }
                steps.append(.snapshot(during: inside ? number : nil))
            } else if compactEvery > 0, number % compactEvery == 0 {
                if inside { addBatch(replacingOld: true) }
                steps.append(.compact(during: inside ? number : nil))
            }
            if compressEvery > 0, number % compressEvery == 0 {
                let inside = number + 1 < batchCount && Bool.random(using: &random)
                if inside { addBatch(replacingOld: true) }
                steps.append(.compress(during: inside ? number : nil))
            }
        }
        self.steps = steps
        self.batches = batches
    }

    private static func note(_ id: String, _ number: Int, _ random: inout SeededRandom) -> Note {
        let alphabet = Array("abcdefghij/✓ ")
        let length = Int.random(in: 10...800, using: &random)
        let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
        return Note(id: id, group: "g\(number % 3)", time: Int64(number), text: text)
    }

    /// The store's options for `disk`.
    func options(_ disk: MemoryDisk) -> StoreOptions {
        var options = StoreOptions(directory: "memory")
        options.fileSystem = disk
        options.fsync = fsync
        options.segmentMaxBytes = 3000
        options.appendChunkBytes = 700
        // Two 512-byte units a step: the log grows every batch or two, and lines straddle its steps.
        options.logGrowthBytes = 1024
        options.compactionFlushBytes = 2500
        options.compressionBlockBytes = 1000
        options.backgroundMaintenance = false
        options.snapshotOnClose = false
        options.supersededRetention = 0
        options.scrubInterval = nil
        options.sidecars = [Self.sidecar]
        // Injected faults make the store log critical lines by design; tests read outcomes instead.
        options.logger = Logger(label: "flatstore", factory: { _ in SwiftLogNoOpLogHandler() })
        return options
    }

    /// The sidecar file the workload rewrites (as a product keeps a key file beside the store).
    static let sidecar = "sidecar.key"

    /// The contents of version `version` of the sidecar file: long enough to straddle units.
    static func sidecarContents(_ version: Int) -> [UInt8] {
        Array(String(repeating: "version \(version);", count: 60).utf8)
    }

    /// The batch that is written as number `number`.
    func batch(_ number: Int) throws -> WriteBatch {
        var batch = WriteBatch()
        for mutation in batches[number - 1] {
            switch mutation {
            case .put(let note): try batch.put(note)
            case .delete(let key): batch.delete(Note.self, key: key)
            case .deleteMany(let keys): batch.delete(Note.self, keys: keys)
            }
        }
        try batch.put(Note(id: "counter", group: "counters", time: Int64(number), text: "after batch \(number)"))
        return batch
    }

    /// Every note the store must hold after exactly `count` batches.
    func expected(after count: Int) -> [String: Note] {
        var notes: [String: Note] = [:]
        for mutations in batches.prefix(count) {
            for mutation in mutations {
                switch mutation {
                case .put(let note): notes[note.id] = note
                case .delete(let key): notes[key] = nil
                case .deleteMany(let keys): for key in keys { notes[key] = nil }
                }
            }
        }
        if count > 0 { notes["counter"] = Note(id: "counter", group: "counters", time: Int64(count), text: "after batch \(count)") }
        return notes
    }

    /// Runs every step on `disk`, noting each acknowledgement in its trace; failures (injected
    /// faults) end writing but not the run. Returns the last batch acknowledged.
    @discardableResult
    func run(on disk: MemoryDisk) async -> Int {
        guard let store = try? FlatStore.open(options(disk), schema: .notes) else { return 0 }
        let progress = SharedValue((acknowledged: 0, writable: true))
        @Sendable func write(_ number: Int) async {
            guard progress.withLock({ $0.writable }) else { return }
            do {
                try await store.write(batch(number))
                progress.withLock { $0.acknowledged = number }
                disk.note(.acknowledged(batch: number))
            } catch {
                progress.withLock { $0.writable = false }
            }
        }
        for step in steps {
            switch step {
            case .batch(let number):
                await write(number)
                if number % 10 == 1 {
                    disk.note(.sidecarWriting(version: number))
                    if (try? store.writeSidecar(Self.sidecar, contents: Self.sidecarContents(number), private: true)) != nil {
                        disk.note(.sidecarWritten(version: number))
                    }
                }
            case .snapshot(let during):
                // Right after the snapshot took its replay point it creates its temporary file.
                let moment: Moment = { call, name, _ in call == .create && name.hasPrefix("snapshot-") }
                let work: @Sendable () async -> Void = { try? await store.snapshot() }
                await Self.run(work, disk: disk, writing: during.map { Self.writer(write, $0) }, at: moment)
            case .compact(let during):
                // Right after the compaction started a new segment it lists the directory to size it.
                let moment: Moment = { call, name, sawLog in
                    if call == .create, name.hasPrefix("log-") { sawLog = true }
                    return sawLog && call == .list
                }
                let work: @Sendable () async -> Void = { _ = try? await store.compact() }
                await Self.run(work, disk: disk, writing: during.map { Self.writer(write, $0) }, at: moment)
            case .compress(let during):
                let moment: Moment = { call, _, _ in call == .list }
                let work: @Sendable () async -> Void = { _ = try? await store.compress() }
                await Self.run(work, disk: disk, writing: during.map { Self.writer(write, $0) }, at: moment)
            }
        }
        store.closeBlocking()
        return progress.withLock { $0.acknowledged }
    }

    /// Picks a moment inside the store's work from its calls (with a flag to remember earlier calls).
    private typealias Moment = @Sendable (MemoryDisk.Call, String, inout Bool) -> Bool

    private static func writer(_ write: @escaping @Sendable (Int) async -> Void, _ number: Int) -> @Sendable () async -> Void {
        { await write(number) }
    }

    /// Runs `work`; when `write` is given, holds the store's thread at the first call `moment`
    /// picks, writes meanwhile, then lets the work go on (or writes after it, if it never got there).
    private static func run(
        _ work: @escaping @Sendable () async -> Void,
        disk: MemoryDisk,
        writing write: (@Sendable () async -> Void)?,
        at moment: @escaping Moment
    ) async {
        guard let write else { return await work() }
        let injection = Injection()
        disk.beforeCall = { call, name in
            let fire = injection.state.withLock { state -> Bool in
                guard !state.fired, moment(call, name, &state.flag) else { return false }
                state.fired = true
                return true
            }
            guard fire else { return }
            injection.reached.signal()
            injection.resume.wait()
        }
        let task = Task {
            await work()
            injection.finish()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                injection.reached.wait()
                continuation.resume()
            }
        }
        disk.beforeCall = nil
        await write()
        injection.resume.signal()
        await task.value
    }

    /// The rendezvous between the store's thread, held at the armed moment, and the workload.
    private final class Injection: Sendable {
        let state = SharedValue((fired: false, flag: false))
        let reached = DispatchSemaphore(value: 0)
        let resume = DispatchSemaphore(value: 0)

        /// The work ended without reaching the moment.
        func finish() {
            if state.withLock({ state in
                defer { state.fired = true }
                return !state.fired
            }) {
                reached.signal()
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a workload is the same in every run.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
