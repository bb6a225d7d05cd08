import XCTest

@testable import FlatStore

/// Loading a snapshot's batches (`applyLoaded`: keys hashed first, buckets and keys prefetched
/// ahead) leaves a collection exactly as putting the same entries one at a time does.
final class CollectionIndexLoadTests: XCTestCase {
    func testLoadedBatchesMatchPutsOneAtATime() {
        var generator = SeededRandom(seed: 31)
        let loaded = Self.noteIndex()
        let putOneByOne = Self.noteIndex()
        var offset: UInt64 = 0
        // Batches shorter and longer than the prefetch distances, other collections' entries mixed
        // in, keys repeated within and across batches, and no reserved capacity, so the key table
        // grows in the middle of a batch.
        for size in [0, 1, 3, 4, 5, 8, 9, 17, 600, 4_096, 4_096] {
            var batch: [SnapshotFile.Entry] = []
            for _ in 0..<size {
                offset += 100
                let fields = IndexFields([
                    "g": .string("g\(generator.next() % 7)"), "s": .int(10), "t": .int(Int64(generator.next() % 100_000)),
                ])
                batch.append(
                    SnapshotFile.Entry(
                        collection: generator.next() % 4 == 0 ? "others" : Note.collection,
                        key: "n\(generator.next() % 3_000)",
                        fields: fields,
                        location: RecordLocation(file: .log(1), offset: offset, length: UInt32(50 + generator.next() % 50))
                    )
                )
            }
            var expectedReplaced: UInt64 = 0
            for entry in batch where entry.collection == Note.collection {
                if let old = putOneByOne.applyPut(key: entry.key, fields: entry.fields, summary: nil, location: entry.location) {
                    expectedReplaced += UInt64(old.length)
                }
            }
            XCTAssertEqual(loaded.applyLoaded(batch), expectedReplaced, "batch of \(size)")
        }
        XCTAssertGreaterThan(putOneByOne.count, 2_000)
        XCTAssertEqual(loaded.count, putOneByOne.count)
        XCTAssertEqual(loaded.keys, putOneByOne.keys)
        XCTAssertEqual(loaded.summaries, putOneByOne.summaries)
        XCTAssertEqual(loaded.liveBytes, putOneByOne.liveBytes)
        for key in putOneByOne.keys {
            XCTAssertEqual(loaded.slot(of: key), putOneByOne.slot(of: key), key)
            XCTAssertEqual(loaded.location(of: key), putOneByOne.location(of: key), key)
        }
        guard let loadedGroups = loaded.secondaryIndex(named: "byGroup"), let expectedGroups = putOneByOne.secondaryIndex(named: "byGroup")
        else { return XCTFail("no byGroup index") }
        XCTAssertEqual(loadedGroups.partitions.sorted(), expectedGroups.partitions.sorted())
        for group in expectedGroups.partitions {
            let loadedEntries = loadedGroups.slots(partition: group, from: nil, to: nil)
            let expectedEntries = expectedGroups.slots(partition: group, from: nil, to: nil)
            XCTAssertEqual(loadedEntries.map(\.slot), expectedEntries.map(\.slot), group)
            XCTAssertEqual(loadedEntries.map(\.sortKey), expectedEntries.map(\.sortKey), group)
        }
    }

    /// An empty index of notes with the tests' `byGroup` secondary index.
    private static func noteIndex() -> CollectionIndex<Note> {
        CollectionIndex<Note>(
            indexes: [IndexDefinition("byGroup", partition: { $0.string("g") }, sortKey: { $0.int("t") ?? 0 })],
            feeds: [],
            aggregates: AggregateTable()
        )
    }
}
