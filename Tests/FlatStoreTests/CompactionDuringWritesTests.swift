import Foundation
import XCTest

@testable import FlatStore

/// A compaction lets writes and reads go on: it scans and switches records a chunk at a time
/// (`FlatStore.recordsPerLockHold`) and flushes its new base piece by piece
/// (`StoreOptions.compactionFlushBytes`); neither may cost a record. Writes are made at set
/// moments between the holds (`StoreOptions.betweenCompactionHolds`) and at whatever moments a
/// racing writer finds. `compaction-latency.py` in `tools/bench-e2e` measures what it is for.
final class CompactionDuringWritesTests: XCTestCase {
    func testABaseIsNeverFurtherThanAPieceAheadOfItsFlushes() async throws {
        let disk = MemoryDisk()
        var options = StoreOptions(directory: "memory")
        options.fileSystem = disk
        options.backgroundMaintenance = false
        options.snapshotOnClose = false
        options.compactionFlushBytes = 4000
        options.logger.logLevel = .critical
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<600 {
            try await store.put(Self.note(index, version: 0))
        }
        _ = try await store.compact()
        store.closeBlocking()

        var base: Int?
        var unflushed = 0
        var written = 0
        var flushes = 0
        var largestPiece = 0
        for event in disk.trace {
            switch event {
            case .create(let name, let inode) where name.hasPrefix("base-") && name.hasSuffix(".tmp"):
                base = inode
            case .write(let inode, _, let bytes) where inode == base:
                unflushed += bytes.count
                written += bytes.count
            case .sync(let inode) where inode == base:
                largestPiece = max(largestPiece, unflushed)
                unflushed = 0
                flushes += 1
            default: break
            }
        }
        XCTAssertGreaterThan(written, 100_000, "the base holds every note")
        XCTAssertGreaterThanOrEqual(flushes, written / 5000)
        // A piece ends with the line that took it past the limit (a note's line is under 1,000 bytes).
        XCTAssertLessThan(largestPiece, 5000)

        let reopened = try FlatStore.open(options, schema: .notes)
        defer { reopened.closeBlocking() }
        var problems: [String] = []
        let notes = CrashCheck.contents(of: reopened, into: &problems)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(notes, Dictionary(uniqueKeysWithValues: (0..<600).map { ("n\($0)", Self.note($0, version: 0)) }))
    }

    func testWritesBetweenTheHoldsOfTheScanAndTheSwitchAreKept() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = Self.options(directory)
        // The writes below, made on the compaction's thread between two holds of the lock. The
        // scan has seen slots 0..<8192 when the first runs, the switch has moved them when the
        // second runs; a fresh store gives note n<i> slot i, and a put after a delete takes the
        // freed slot.
        let box = SharedValue<FlatStore?>(nil)
        let holds = SharedValue<[CompactionHold]>([])
        let failures = SharedValue<[String]>([])
        options.betweenCompactionHolds = { hold in
            let seen = holds.withLock { holds in
                holds.append(hold)
                return holds.filter { $0 == hold }.count
            }
            guard seen == 1, let store = box.value else { return }
            let failed = Self.writeAndWait(to: store) { batch in
                switch hold {
                case .scan:
                    try batch.put(Self.note(5, version: 1))  // seen by the scan
                    try batch.put(Self.note(20_000, version: 1))  // not yet seen
                    batch.delete(Note.self, key: "n15000")  // not yet seen, and its slot…
                    try batch.put(Note(id: "fresh-a", group: "g0", time: 1, text: "a"))  // …taken again
                    batch.delete(Note.self, key: "n100")
                case .relocation:
                    try batch.put(Self.note(3, version: 1))  // already moved
                    try batch.put(Self.note(20_001, version: 1))  // not yet moved
                    batch.delete(Note.self, key: "n20002")  // not yet moved, and its slot…
                    try batch.put(Note(id: "fresh-b", group: "g0", time: 2, text: "b"))  // …taken again
                }
            }
            failures.withLock { $0 += failed }
        }
        let store = try FlatStore.open(options, schema: .notes)
        box.withLock { $0 = store }
        var expected = try await Self.writeNotes(FlatStore.recordsPerLockHold * 3 + 500, to: store)

        _ = try await store.compact()
        XCTAssertEqual(failures.value, [])
        XCTAssertGreaterThan(holds.value.count { $0 == .scan }, 3)
        XCTAssertGreaterThan(holds.value.count { $0 == .relocation }, 3)
        let slots = store.state.withLock { state in
            let notes = state.collection(named: Note.collection) as? CollectionIndex<Note>
            return [notes?.slot(of: "fresh-a"), notes?.slot(of: "fresh-b")]
        }
        XCTAssertEqual(slots, [15_000, 20_002], "the new notes took the freed slots")
        for index in [5, 20_000, 3, 20_001] { expected["n\(index)"] = Self.note(index, version: 1) }
        for key in ["n15000", "n100", "n20002"] { expected[key] = nil }
        expected["fresh-a"] = Note(id: "fresh-a", group: "g0", time: 1, text: "a")
        expected["fresh-b"] = Note(id: "fresh-b", group: "g0", time: 2, text: "b")
        try await Self.check(store, holds: expected, directory: directory, options: options)
    }

    func testWritesRacingACompactionOfManyChunksAreKept() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = Self.options(directory)
        let store = try FlatStore.open(options, schema: .notes)
        let initial = FlatStore.recordsPerLockHold * 3 + 500
        var expected = try await Self.writeNotes(initial, to: store)

        let compacted = SharedValue(false)
        let compaction = Task {
            defer { compacted.withLock { $0 = true } }
            return try await store.compact()
        }
        // Overwrites, deletes and new records over the whole key range until the compaction is
        // done; where they fall among its holds is up to the scheduler.
        var random = SeededRandom(seed: 7)
        var batches = 0
        while batches < 300 || !compacted.value {
            var batch = WriteBatch(capacity: 3)
            let overwritten = Self.note(Int(random.next() % UInt64(initial)), version: batches + 1)
            try batch.put(overwritten)
            let deleted = "n\(random.next() % UInt64(initial))"
            batch.delete(Note.self, key: deleted)
            let added = Self.note(initial + batches, version: 0)
            try batch.put(added)
            try await store.write(batch)
            // In the batch's order: a delete of the key just overwritten removes it.
            expected[overwritten.id] = overwritten
            expected[deleted] = nil
            expected[added.id] = added
            batches += 1
        }
        let report = try await compaction.value
        XCTAssertGreaterThan(report.records, initial / 2)
        try await Self.check(store, holds: expected, directory: directory, options: options)
    }

    func testACollectionTheSchemaDoesNotDeclareIsScannedInChunksToo() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = Self.options(directory)
        let written = try FlatStore.open(options, schema: .notes)
        var expected = try await Self.writeNotes(FlatStore.recordsPerLockHold * 3 + 500, to: written)
        written.closeBlocking()

        // Opened without the notes' type, their collection is kept as found (opaque).
        let box = SharedValue<FlatStore?>(nil)
        let scans = SharedValue(0)
        let failures = SharedValue<[String]>([])
        options.betweenCompactionHolds = { hold in
            guard hold == .scan,
                scans.withLock({
                    $0 += 1
                    return $0
                }) == 1, let store = box.value
            else { return }
            let failed = Self.writeAndWait(to: store) { batch in
                try batch.put(Self.note(5, version: 1))
                batch.delete(Note.self, key: "n7")
            }
            failures.withLock { $0 += failed }
        }
        let store = try FlatStore.open(options, schema: StoreSchema())
        box.withLock { $0 = store }
        let report = try await store.compact()
        store.closeBlocking()
        XCTAssertEqual(failures.value, [])
        XCTAssertGreaterThan(scans.value, 3, "the scan paged through the collection")
        XCTAssertGreaterThan(report.records, FlatStore.recordsPerLockHold * 3)

        expected["n5"] = Self.note(5, version: 1)
        expected["n7"] = nil
        options.betweenCompactionHolds = nil
        try await Self.check(try FlatStore.open(options, schema: .notes), holds: expected, directory: directory, options: options)
    }

    /// Builds a batch and writes it from code that cannot await (a compaction's
    /// hook), blocking until it is written; what failed, if anything.
    private static func writeAndWait(to store: FlatStore, _ build: (inout WriteBatch) throws -> Void) -> [String] {
        var batch = WriteBatch()
        do { try build(&batch) } catch { return ["\(error)"] }
        let failure = SharedValue<String?>(nil)
        let written = DispatchSemaphore(value: 0)
        Task { [batch] in
            do { try await store.write(batch) } catch { failure.withLock { $0 = "\(error)" } }
            written.signal()
        }
        written.wait()
        return failure.value.map { [$0] } ?? []
    }

    /// A store in `directory` that keeps no superseded file, closed without a snapshot of its own
    /// (so a reopen starts from the compaction's).
    private static func options(_ directory: String) -> StoreOptions {
        var options = testOptions(directory)
        options.supersededRetention = 0
        options.snapshotOnClose = false
        return options
    }

    /// Writes notes n0..<n`count` in batches (so note n<i> takes slot i) and returns them by key.
    private static func writeNotes(_ count: Int, to store: FlatStore) async throws -> [String: Note] {
        var notes: [String: Note] = [:]
        for start in stride(from: 0, to: count, by: 1000) {
            var batch = WriteBatch(capacity: 1000)
            for index in start..<min(start + 1000, count) {
                let note = note(index, version: 0)
                try batch.put(note)
                notes[note.id] = note
            }
            try await store.write(batch)
        }
        return notes
    }

    /// Checks that `store` holds `expected`, closes it, and checks again after a reopen from the
    /// compaction's snapshot and after one from the base and logs alone.
    private static func check(
        _ store: FlatStore,
        holds expected: [String: Note],
        directory: String,
        options: StoreOptions
    )
        async throws
    {
        func compare(_ store: FlatStore, _ when: String) {
            var problems: [String] = []
            let notes = CrashCheck.contents(of: store, into: &problems)
            XCTAssertEqual(problems, [], when)
            XCTAssertEqual(notes.count, expected.count, when)
            XCTAssertTrue(notes == expected, "\(when): \(CrashCheck.difference(notes, expected))")
        }
        compare(store, "after the compaction")
        store.closeBlocking()
        var reopened = try FlatStore.open(options, schema: .notes)
        compare(reopened, "reopened from the compaction's snapshot")
        reopened.closeBlocking()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("snapshot-") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        reopened = try FlatStore.open(options, schema: .notes)
        compare(reopened, "reopened from the base and the logs")
        let verification = try await reopened.verify()
        XCTAssertTrue(verification.isClean, verification.rendered())
        reopened.closeBlocking()
    }

    /// Note `index`, its text 150-250 bytes and changed by `version`.
    private static func note(_ index: Int, version: Int) -> Note {
        let text = "v\(version) " + String(repeating: "abcdefghij", count: 15 + index % 10)
        return Note(id: "n\(index)", group: "g\(index % 3)", time: Int64(index), text: text)
    }
}
