import Foundation
import XCTest

@testable import FlatStore

/// A compaction lets writes and reads go on: it scans and switches records a chunk at a time
/// (`FlatStore.recordsPerLockHold`) and flushes its new base piece by piece
/// (`StoreOptions.compactionFlushBytes`); neither may cost a record. `compaction-latency.py` in
/// `tools/bench-e2e` measures what they are for.
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

    func testWritesDuringACompactionOfManyChunksAreAllKept() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = testOptions(directory)
        options.supersededRetention = 0
        // Closed without a snapshot of its own, so the first reopen starts from the compaction's.
        options.snapshotOnClose = false
        let store = try FlatStore.open(options, schema: .notes)
        // More records than three holds of the lock, so the scan and the switch both go in chunks.
        let initial = FlatStore.recordsPerLockHold * 3 + 500
        var expected: [String: Note] = [:]
        for start in stride(from: 0, to: initial, by: 1000) {
            var batch = WriteBatch(capacity: 1000)
            for index in start..<min(start + 1000, initial) {
                let note = Self.note(index, version: 0)
                try batch.put(note)
                expected[note.id] = note
            }
            try await store.write(batch)
        }

        let compacted = SharedValue(false)
        let compaction = Task {
            defer { compacted.withLock { $0 = true } }
            return try await store.compact()
        }
        // Overwrites, deletes and new records, spread over the whole key range, until the
        // compaction is done (and at least a few hundred batches, whatever its speed).
        var random = SeededRandom(seed: 7)
        var batches = 0
        var during = 0
        var next = initial
        while batches < 300 || !compacted.value {
            var batch = WriteBatch(capacity: 3)
            let overwritten = Self.note(Int(random.next() % UInt64(initial)), version: batches + 1)
            try batch.put(overwritten)
            let deleted = "n\(random.next() % UInt64(initial))"
            batch.delete(Note.self, key: deleted)
            let added = Self.note(next, version: 0)
            try batch.put(added)
            try await store.write(batch)
            expected[overwritten.id] = overwritten
            if deleted != overwritten.id { expected[deleted] = nil }
            expected[added.id] = added
            next += 1
            batches += 1
            if !compacted.value { during += 1 }
        }
        let report = try await compaction.value
        XCTAssertGreaterThan(during, 0, "batches were written while the compaction ran")
        XCTAssertGreaterThan(report.records, initial / 2)

        func check(_ store: FlatStore, _ when: String) {
            var problems: [String] = []
            let notes = CrashCheck.contents(of: store, into: &problems)
            XCTAssertEqual(problems, [], when)
            XCTAssertEqual(notes.count, expected.count, when)
            XCTAssertTrue(notes == expected, "\(when): \(CrashCheck.difference(notes, expected))")
        }
        check(store, "after the compaction")
        store.closeBlocking()
        // From the compaction's snapshot and the logs after it, then from the new base and the logs.
        var reopened = try FlatStore.open(options, schema: .notes)
        check(reopened, "reopened from the compaction's snapshot")
        reopened.closeBlocking()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("snapshot-") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        reopened = try FlatStore.open(options, schema: .notes)
        check(reopened, "reopened from the base and the logs")
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
