import XCTest

@testable import FlatStore

/// The key table finds exactly what a dictionary would through random puts and removals, growth
/// and reuse of freed slots, with keys that collide in the low bits of their hashes.
final class KeyTableTests: XCTestCase {
    func testRandomPutsAndRemovalsAgreeWithADictionary() {
        var generator = SeededRandom(seed: 12)
        var table = KeyTable()
        var keys: [String] = []
        var freeSlots: [Int32] = []
        var model: [String: Int32] = [:]
        for step in 0..<200_000 {
            let key = "k\(generator.next() % 5_000)"
            if generator.next() % 3 == 0 {
                let removed = table.remove(key, keys: keys)
                XCTAssertEqual(removed, model.removeValue(forKey: key), "step \(step)")
                if let removed {
                    keys[Int(removed)] = ""
                    freeSlots.append(removed)
                }
            } else {
                switch table.probe(key, keys: keys) {
                case .found(let slot):
                    XCTAssertEqual(model[key], slot, "step \(step)")
                case .vacant(let bucket):
                    XCTAssertNil(model[key], "step \(step)")
                    let slot: Int32
                    if let free = freeSlots.popLast() {
                        slot = free
                        keys[Int(slot)] = key
                    } else {
                        slot = Int32(keys.count)
                        keys.append(key)
                    }
                    table.fill(bucket, with: slot, keys: keys)
                    model[key] = slot
                }
            }
            XCTAssertEqual(table.count, model.count)
        }
        XCTAssertGreaterThan(model.count, 1_000)
        for index in 0..<5_000 {
            XCTAssertEqual(table.slot(of: "k\(index)", keys: keys), model["k\(index)"])
        }
        var seen: [Int32] = []
        table.forEachSlot { seen.append($0) }
        XCTAssertEqual(seen.sorted(), model.values.sorted())
    }

    func testReservedTableHoldsEveryKeyAndEmptiesCompletely() {
        let keys = (0..<10_000).map { "run-\($0)" }
        var table = KeyTable()
        table.reserveCapacity(keys.count, keys: [])
        for (slot, key) in keys.enumerated() {
            guard case .vacant(let bucket) = table.probe(key, keys: keys) else { return XCTFail("\(key) found before it was put") }
            table.fill(bucket, with: Int32(slot), keys: keys)
        }
        for (slot, key) in keys.enumerated() { XCTAssertEqual(table.slot(of: key, keys: keys), Int32(slot)) }
        XCTAssertNil(table.slot(of: "run-10000", keys: keys))
        // Removing every other key, newest first, shifts entries back through long runs.
        for (slot, key) in keys.enumerated().reversed() where slot % 2 == 0 { XCTAssertNotNil(table.remove(key, keys: keys)) }
        for (slot, key) in keys.enumerated() {
            XCTAssertEqual(table.slot(of: key, keys: keys), slot % 2 == 0 ? nil : Int32(slot))
        }
        for key in keys { _ = table.remove(key, keys: keys) }
        XCTAssertEqual(table.count, 0)
        for key in keys { XCTAssertNil(table.slot(of: key, keys: keys)) }
    }

    func testRunsThatWrapPastTheLastBucketSurviveRemovals() {
        // Eight keys in a 16-bucket table whose probes start in the last three buckets: their run
        // wraps to the first buckets, and removing any one must leave the others reachable.
        var keys: [String] = []
        var candidate = 0
        while keys.count < 8 {
            let key = "w\(candidate)"
            if key.hashValue & 15 >= 13 { keys.append(key) }
            candidate += 1
        }
        for removed in keys.indices {
            var table = KeyTable()
            for (slot, key) in keys.enumerated() {
                guard case .vacant(let bucket) = table.probe(key, keys: keys) else { return XCTFail("\(key) found before it was put") }
                table.fill(bucket, with: Int32(slot), keys: keys)
            }
            XCTAssertEqual(table.remove(keys[removed], keys: keys), Int32(removed))
            for (slot, key) in keys.enumerated() {
                XCTAssertEqual(table.slot(of: key, keys: keys), slot == removed ? nil : Int32(slot), "removed \(removed)")
            }
        }
    }

    func testProbesFromHashesTakenBeforeTheTableGrewAgreeWithADictionary() {
        // Loading a snapshot hashes a whole batch's keys before putting any, so most probes use a
        // hash taken while the table was smaller (it grows from 16 buckets here), with buckets and
        // keys prefetched ahead as the load does, and repeated keys found again.
        var generator = SeededRandom(seed: 7)
        var table = KeyTable()
        var keys: [String] = []
        var model: [String: Int32] = [:]
        let batch = (0..<20_000).map { _ in "r\(generator.next() % 12_000)" }
        let hashes = batch.map { KeyTable.hash(of: $0) }
        for hash in hashes.prefix(8) { table.prefetch(hash: hash) }
        for (position, key) in batch.enumerated() {
            if position + 8 < hashes.count { table.prefetch(hash: hashes[position + 8]) }
            if position + 4 < hashes.count { table.prefetchFirstKey(hash: hashes[position + 4], keys: keys) }
            switch table.probe(key, hash: hashes[position], keys: keys) {
            case .found(let slot):
                XCTAssertEqual(model[key], slot, "position \(position)")
            case .vacant(let bucket):
                XCTAssertNil(model[key], "position \(position)")
                let slot = Int32(keys.count)
                keys.append(key)
                table.fill(bucket, with: slot, keys: keys)
                model[key] = slot
            }
        }
        XCTAssertGreaterThan(model.count, 8_000)
        XCTAssertEqual(table.count, model.count)
        for (key, slot) in model { XCTAssertEqual(table.slot(of: key, keys: keys), slot) }
    }
}
