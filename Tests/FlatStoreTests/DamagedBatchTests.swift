import FlatStore
import Foundation
import XCTest

/// Damage to one line of a batch loses that line's record, not the batch's other records: the
/// batch was durable whole, so its other records were acknowledged (`SegmentScan`'s partial
/// batches). A move that lost its put keeps the record where it was.
final class DamagedBatchTests: XCTestCase {
    /// The keys a reopened store holds and whether it reported damage, after `edit` changed the
    /// bytes of the log holding the batches (`closed`: a log that later writes rotated away from).
    private func reopened(
        closed: Bool,
        batchDeletes: Bool = false,
        snapshot: Bool = false,
        edit: (inout [UInt8]) throws -> Void
    ) async throws -> (keys: Set<String>, reported: Bool) {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = testOptions(directory, fsync: .always)
        options.snapshotOnClose = snapshot
        if closed { options.segmentMaxBytes = 2 << 10 }
        let store = try FlatStore.open(options, schema: .notes)
        try await store.put(Note(id: "old", group: "g", time: 0, text: "to be moved"))
        try await store.put(Note(id: "gone", group: "g", time: 0, text: "deleted by the batch"))
        var batch = WriteBatch()
        for index in 0..<4 { try batch.put(Note(id: "b\(index)", group: "b", time: Int64(index), text: "batch line \(index)")) }
        if batchDeletes { batch.delete(Note.self, key: "gone") }
        try await store.write(batch)
        var move = WriteBatch()
        try move.put(Note(id: "new", group: "g", time: 0, text: "moved"))
        move.delete(Note.self, key: "old")
        try await store.write(move)
        // Later commit groups: their `sync` marks prove earlier damage is not a crash's torn write.
        for index in 0..<(closed ? 20 : 3) {
            try await store.put(Note(id: "after\(index)", group: "a", time: Int64(index), text: String(repeating: "x", count: 200)))
        }
        store.closeBlocking()
        let logs = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("log-") }.sorted()
        XCTAssertEqual(logs.count > 1, closed, "\(logs)")
        let path = directory + "/" + logs[0]
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        try edit(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store2 = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { store2.closeBlocking() }
        // With a snapshot, open does not read the lines it covers: the scrub finds the damage.
        let scrubbed = snapshot ? try store2.scrub().damaged : []
        let keys = Set(store2.read { $0.all(Note.self).map(\.key) })
        return (keys, !store2.statistics().recovery.quarantined.isEmpty || !scrubbed.isEmpty)
    }

    /// The byte range of the line holding `needle`.
    private func line(holding needle: String, in bytes: [UInt8]) throws -> Range<Int> {
        let text = Array(needle.utf8)
        let start = try XCTUnwrap((0...(bytes.count - text.count)).first { Array(bytes[$0..<($0 + text.count)]) == text })
        let lineStart = (bytes[..<start].lastIndex(of: 0x0A) ?? -1) + 1
        let lineEnd = try XCTUnwrap(bytes[start...].firstIndex(of: 0x0A))
        return lineStart..<lineEnd
    }

    /// An edit that flips one bit in the middle of the line holding `needle`.
    private func flipping(_ needle: String) -> (inout [UInt8]) throws -> Void {
        { bytes in
            let damaged = try self.line(holding: needle, in: bytes)
            bytes[damaged.lowerBound + damaged.count / 2] ^= 0x01
        }
    }

    func testADamagedLineLosesOnlyItsOwnRecord() async throws {
        for closed in [true, false] {
            let (keys, reported) = try await reopened(closed: closed, edit: flipping("batch line 2"))
            XCTAssertTrue(reported, "closed: \(closed)")
            XCTAssertTrue(keys.isSuperset(of: ["b0", "b1", "b3", "new", "after0"]), "closed: \(closed): \(keys.sorted())")
            XCTAssertFalse(keys.contains("b2"), "closed: \(closed)")
        }
    }

    /// A batch with a delete stays all or nothing: its puts without its delete would leave a moved
    /// record twice.
    func testADamagedBatchWithADeleteIsNotAppliedInPart() async throws {
        for closed in [true, false] {
            let (keys, reported) = try await reopened(closed: closed, batchDeletes: true, edit: flipping("batch line 2"))
            XCTAssertTrue(reported, "closed: \(closed)")
            XCTAssertTrue(keys.isDisjoint(with: ["b0", "b1", "b2", "b3"]) && keys.contains("gone"), "closed: \(closed): \(keys.sorted())")
            XCTAssertTrue(keys.isSuperset(of: ["new", "after0"]), "closed: \(closed): \(keys.sorted())")
        }
    }

    /// The scrub after an open that loaded a snapshot sets aside only the damaged line's record.
    func testTheScrubSetsAsideOnlyTheDamagedRecord() async throws {
        let (keys, reported) = try await reopened(closed: false, snapshot: true, edit: flipping("batch line 2"))
        XCTAssertTrue(reported)
        XCTAssertTrue(keys.isSuperset(of: ["b0", "b1", "b3", "new"]) && !keys.contains("b2"), "\(keys.sorted())")
    }

    /// Lines lost at the end of one batch and the start of the next leave both batches' survivors
    /// in one run of lines: each line is judged by its own batch.
    func testTwoBatchesThatLostLinesAreJudgedEachOnItsOwn() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory, fsync: .always), schema: .notes)
        try await store.put(Note(id: "gone", group: "g", time: 0, text: "deleted by the second batch"))
        var puts = WriteBatch()
        for index in 0..<3 { try puts.put(Note(id: "a\(index)", group: "a", time: Int64(index), text: "first batch \(index)")) }
        try await store.write(puts)
        var move = WriteBatch()
        try move.put(Note(id: "b0", group: "b", time: 0, text: "second batch put"))
        try move.put(Note(id: "b1", group: "b", time: 1, text: "second batch put too"))
        move.delete(Note.self, key: "gone")
        try await store.write(move)
        for index in 0..<3 { try await store.put(Note(id: "after\(index)", group: "z", time: Int64(index), text: "later")) }
        store.closeBlocking()
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("log-") })
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        // Remove the first batch's last line and the second batch's first line, newlines and all.
        let second = try line(holding: "second batch put\"", in: bytes)
        bytes.removeSubrange(second.lowerBound...second.upperBound)
        let third = try line(holding: "first batch 2", in: bytes)
        bytes.removeSubrange(third.lowerBound...third.upperBound)
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        let reopened = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { reopened.closeBlocking() }
        let keys = Set(reopened.read { $0.all(Note.self).map(\.key) })
        XCTAssertTrue(keys.isSuperset(of: ["a0", "a1", "gone", "after2"]), "\(keys.sorted())")
        XCTAssertTrue(keys.isDisjoint(with: ["a2", "b0", "b1"]), "\(keys.sorted())")
    }

    func testALineAddedInsideABatchLosesNothing() async throws {
        for closed in [true, false] {
            let (keys, reported) = try await reopened(closed: closed) { bytes in
                let inside = try line(holding: "batch line 1", in: bytes)
                bytes.insert(contentsOf: Array("GARBAGE LINE here\n".utf8), at: inside.upperBound + 1)
            }
            XCTAssertTrue(reported, "closed: \(closed)")
            XCTAssertTrue(keys.isSuperset(of: ["b0", "b1", "b2", "b3", "new"]), "closed: \(closed): \(keys.sorted())")
        }
    }

    func testAMoveThatLostItsPutKeepsTheRecordWhereItWas() async throws {
        for closed in [true, false] {
            let (keys, reported) = try await reopened(closed: closed, edit: flipping("\"moved\""))
            XCTAssertTrue(reported, "closed: \(closed)")
            XCTAssertTrue(keys.contains("old") && !keys.contains("new"), "closed: \(closed): \(keys.sorted())")
        }
    }
}
