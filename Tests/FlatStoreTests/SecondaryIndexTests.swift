import XCTest

@testable import FlatStore

/// The secondary index keeps every partition sorted and answers ranges and positions exactly as a
/// plain list of (slot, partition, sort key) would, through random inserts, moves and removals,
/// ties, and sort keys at both ends of `Int64` (each entry keeps its key in two halves).
final class SecondaryIndexTests: XCTestCase {
    func testRandomChangesAgreeWithAPlainList() {
        var generator = SeededRandom(seed: 7)
        var index = SecondaryIndex(
            IndexDefinition(
                "byGroup",
                partition: { $0.string("group") },
                sortKey: { $0.int("time") ?? 0 }
            )
        )
        let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, Int64(UInt32.max), Int64(UInt32.max) + 1, .max - 1, .max]
        var model: [Int32: (group: String?, time: Int64)] = [:]
        for step in 0..<20_000 {
            let slot = Int32(generator.next() % 600)
            if model[slot] != nil {
                index.remove(slot: slot)
                model[slot] = nil
                if generator.next() % 2 == 0 { continue }
            }
            let group = generator.next() % 10 == 0 ? nil : "g\(generator.next() % 5)"
            let time =
                generator.next() % 8 == 0
                ? extremes[Int(generator.next() % UInt64(extremes.count))]
                : Int64(step) - Int64(generator.next() % 50)
            var fields = IndexFields(["time": .int(time)])
            if let group { fields["group"] = .string(group) }
            index.insert(fields, slot: slot)
            model[slot] = (group, time)
        }

        for slot in Int32(0)..<600 {
            let expected = model[slot].flatMap { entry in entry.group.map { ($0, entry.time) } }
            let position = index.position(of: slot)
            XCTAssertEqual(position.map { index.partitionNames[$0.partition] }, expected?.0, "slot \(slot)")
            XCTAssertEqual(position?.sortKey, expected?.1, "slot \(slot)")
        }
        for group in (0..<5).map({ "g\($0)" }) {
            let members = model.filter { $0.value.group == group }
            for (from, to) in [(nil, nil), (Int64(5_000), Int64(15_000)), (Int64.min, Int64.min), (Int64.max, nil)] as [(Int64?, Int64?)] {
                let found = index.slots(partition: group, from: from, to: to)
                let expected = members.filter { ((from ?? .min)...(to ?? .max)).contains($0.value.time) }
                XCTAssertEqual(found.map(\.sortKey), expected.map(\.value.time).sorted(), "\(group) \(String(describing: from))")
                XCTAssertEqual(Set(found.map(\.slot)), Set(expected.keys), "\(group) \(String(describing: from))")
            }
        }
    }
}
