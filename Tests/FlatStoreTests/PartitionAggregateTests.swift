import FlatStore
import Foundation
import XCTest

/// Aggregates fed per partition of a secondary index: inserts, replacements within a partition and
/// across partitions, deletes of a partition's latest record, and the same state after reopening.
final class PartitionAggregateTests: XCTestCase {
    func testPartitionAggregateFollowsEveryChangeAndIsRebuiltAtOpen() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<20 {
            try await store.put(Note(id: "n\(index)", group: index % 2 == 0 ? "even" : "odd", time: Int64(index * 10), text: "t"))
        }
        XCTAssertEqual(Self.latest(store), ["even": [10, 180], "odd": [10, 190]])
        // The latest of a group goes: the one before it is the latest now.
        try await store.delete(Note.self, key: "n19")
        XCTAssertEqual(Self.latest(store), ["even": [10, 180], "odd": [9, 170]])
        // Rewritten within its group to an earlier time, then moved to another group.
        try await store.put(Note(id: "n18", group: "even", time: 5, text: "t"))
        XCTAssertEqual(Self.latest(store), ["even": [10, 160], "odd": [9, 170]])
        try await store.put(Note(id: "n17", group: "even", time: 1_000, text: "t"))
        XCTAssertEqual(Self.latest(store), ["even": [11, 1_000], "odd": [8, 150]])
        // A new group, then emptied.
        try await store.put(Note(id: "x", group: "solo", time: 7, text: "t"))
        XCTAssertEqual(Self.latest(store)["solo"], [1, 7])
        var batch = WriteBatch()
        batch.delete(Note.self, keys: ["x", "n1", "n3"])
        try await store.write(batch)
        let kept = Self.latest(store)
        XCTAssertEqual(kept, ["even": [11, 1_000], "odd": [6, 150]])
        store.closeBlocking()

        store = try FlatStore.open(testOptions(directory), schema: .notes)
        XCTAssertEqual(Self.latest(store), kept)
        store.closeBlocking()
    }

    /// Per group: [count, latest time].
    static func latest(_ store: FlatStore) -> [String: [Int64]] {
        (store.read { $0.aggregate(GroupLatest.self) } ?? GroupLatest()).groups.mapValues { [Int64($0.count), $0.latest] }
    }
}
