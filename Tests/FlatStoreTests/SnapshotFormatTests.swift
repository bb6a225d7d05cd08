import Foundation
import XCTest
import Zlib

@testable import FlatStore

/// The snapshot's entry format: format 2 leaves out each line's sequence number, and a format 1
/// snapshot (which repeats it) written by an older build still opens without a replay.
final class SnapshotFormatTests: XCTestCase {
    func testFormatTwoOmitsSequencesAndFormatOneStillOpens() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<40 {
            try await store.put(Note(id: "n\(index)", group: index % 3 == 0 ? "a" : "b", time: Int64(index), text: "t\(index)"))
        }
        try await store.delete(Note.self, key: "n7")
        let expected = try store.read { try $0.scan(Note.self, index: "byGroup", partitions: ["a", "b"]) }.items.map(\.key)
        store.closeBlocking()

        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("snapshot-") })
        let path = directory + "/" + name
        let lines = try Self.lines(of: path)
        XCTAssertTrue(lines[0].contains(#""format":2"#), lines[0])
        let entries = lines.filter { $0.contains(#""c":"notes""#) }
        XCTAssertEqual(entries.count, 39)
        // Members are sorted: the offset is last now that no "s" follows it.
        XCTAssertTrue(entries.allSatisfy { $0.range(of: #","o":[0-9]+\}$"#, options: .regularExpression) != nil })

        // The same snapshot as format 1 wrote it: the header says 1, every entry ends with "s".
        var older: [UInt8] = []
        let compressor = GzipCompressor(level: 1)
        for (number, line) in lines.enumerated() {
            var members = String(line.dropFirst(SealedLine.prefixLength))
            if number == 0 {
                members = members.replacingOccurrences(of: #""format":2"#, with: #""format":1"#)
            } else if line.contains(#""c":"#) {
                members = String(members.dropLast()) + #","s":\#(number)}"#
            }
            var sealed = SealedLine.seal(members: Array(members.utf8))
            sealed.append(0x0A)
            sealed.withUnsafeBytes { compressor.compress($0, into: &older) }
        }
        compressor.finish(into: &older)
        try Data(older).write(to: URL(fileURLWithPath: path))
        XCTAssertTrue(try Self.lines(of: path)[0].contains(#""format":1"#))

        store = try FlatStore.open(testOptions(directory), schema: .notes)
        XCTAssertEqual(store.statistics().recovery.snapshot, name)
        XCTAssertEqual(store.statistics().recovery.replayedRecords, 0)
        XCTAssertEqual(try store.read { try $0.scan(Note.self, index: "byGroup", partitions: ["a", "b"]) }.items.map(\.key), expected)
        XCTAssertEqual(try store.record(Note.self, key: "n39")?.text, "t39")

        // With nothing replayed, numbering resumes after the snapshot's last sequence: a write
        // after this open must not repeat one (the log's chain would call that damage).
        let opened = store.read { $0.lastSequence }
        XCTAssertEqual(opened, 41)
        try await store.delete(Note.self, key: "n8")
        try await store.put(Note(id: "n40", group: "a", time: 40, text: "t40"))
        XCTAssertEqual(store.read { $0.lastSequence }, opened + 2)
        store.closeBlocking()
        store = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { store.closeBlocking() }
        XCTAssertTrue(store.statistics().recovery.quarantined.isEmpty)
        XCTAssertEqual(store.read { $0.count(Note.self) }, 39)
        let report = try await store.verify()
        XCTAssertTrue(report.isClean, report.rendered())
    }

    /// The lines of a gzip snapshot, without their newlines.
    private static func lines(of path: String) throws -> [String] {
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var text: [UInt8] = []
        try compressed.withUnsafeBytes { try GzipDecompressor().decompress($0, into: &text) }
        return String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
