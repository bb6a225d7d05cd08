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

    /// Every byte of a snapshot flipped in turn (and cuts of it): open either skips the snapshot
    /// and replays the log, or (for the gzip header's timestamp and the trailer, which nothing
    /// depends on) loads it, and either way ends with exactly the records and index fields written.
    /// The trailer's CRC-32 is not computed on load: each line's own checksum covers those bytes.
    func testDamagedSnapshotIsSkippedAndNothingIsLost() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<60 {
            try await store.put(Note(id: "n\(index)", group: "g\(index % 4)", time: Int64(index * 7), text: "text \(index)"))
        }
        let expected = store.read { $0.all(Note.self).map { "\($0.key) \($0.summary)" }.sorted() }
        store.closeBlocking()
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("snapshot-") })
        let path = directory + "/" + name
        let pristine = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))

        var skipped = 0
        var loaded = 0
        var damaged: [[UInt8]] = (0..<pristine.count).map { position in
            var bytes = pristine
            bytes[position] ^= UInt8(1 << (position % 8))
            return bytes
        }
        damaged += stride(from: 1, to: pristine.count, by: 7).map { Array(pristine[..<$0]) }
        // Closing would write a fresh snapshot over the damaged one.
        var options = testOptions(directory)
        options.snapshotOnClose = false
        for bytes in damaged {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            store = try FlatStore.open(options, schema: .notes)
            let recovery = store.statistics().recovery
            if recovery.snapshot == name { loaded += 1 } else { skipped += 1 }
            XCTAssertEqual(recovery.snapshot == nil, !recovery.skippedSnapshots.isEmpty)
            XCTAssertEqual(store.read { $0.all(Note.self).map { "\($0.key) \($0.summary)" }.sorted() }, expected)
            XCTAssertTrue(recovery.quarantined.isEmpty)
            store.closeBlocking()
        }
        // Only the gzip header's timestamp, flags and OS bytes and the 8-byte trailer are not
        // checked; every flip of the compressed lines, and every cut, is.
        XCTAssertLessThanOrEqual(loaded, 16)
        XCTAssertEqual(skipped + loaded, damaged.count)
    }

    /// A line whose text was changed but whose checksum was not (the gzip stream itself being
    /// valid) is refused: entries are checked line by line, not by the gzip trailer alone.
    func testEntryWithAWrongChecksumInAValidGzipStreamIsRefused() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<10 {
            try await store.put(Note(id: "n\(index)", group: "g", time: Int64(index), text: "t\(index)"))
        }
        store.closeBlocking()
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("snapshot-") })
        let path = directory + "/" + name
        var edited: [UInt8] = []
        let compressor = GzipCompressor(level: 1)
        for line in try Self.lines(of: path) {
            let text = line.replacingOccurrences(of: #""t":3}"#, with: #""t":9}"#) + "\n"
            Array(text.utf8).withUnsafeBytes { compressor.compress($0, into: &edited) }
        }
        compressor.finish(into: &edited)
        try Data(edited).write(to: URL(fileURLWithPath: path))
        XCTAssertTrue(try Self.lines(of: path).contains { $0.contains(#""t":9}"#) })

        store = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { store.closeBlocking() }
        XCTAssertNil(store.statistics().recovery.snapshot)
        XCTAssertTrue(store.statistics().recovery.skippedSnapshots.joined().contains("checksum mismatch"))
        XCTAssertEqual(store.read { $0.all(Note.self).first { $0.key == "n3" }?.summary.time }, 3)
    }

    /// The lines of a gzip snapshot, without their newlines.
    private static func lines(of path: String) throws -> [String] {
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var text: [UInt8] = []
        try compressed.withUnsafeBytes { try GzipDecompressor().decompress($0, into: &text) }
        return String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// Loading a snapshot shares parsing between the reading and the applying thread: whichever
/// thread parses, the entries, their order and the refusals are those of the plain reader.
final class SnapshotPipelineTests: XCTestCase {
    func testEitherThreadParsesTheSameEntriesAndRefusesTheSameDamage() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        // Three batches of 4,096 and a part one, with index fields that change shape on the way.
        for start in stride(from: 0, to: 13_000, by: 1_000) {
            var batch = WriteBatch()
            for index in start..<(start + 1_000) {
                try batch.put(Note(id: "n\(index)", group: index % 5 == 0 ? "" : "g\(index % 9)", time: Int64(index), text: "t"))
            }
            try await store.write(batch)
        }
        store.closeBlocking()
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("snapshot-") })
        let fileSystem = PosixFileSystem(directory: directory)
        var expected: [String] = []
        _ = try SnapshotFile.read(fileSystem, name: name, header: { _ in }, entry: { expected.append(Self.describe($0)) })
        XCTAssertEqual(expected.count, 13_000)

        for sharing in [SnapshotFile.ParseSharing.readingThread, .applyingThread, .byBacklog] {
            var loaded: [String] = []
            let header = try SnapshotFile.readPipelined(
                fileSystem,
                name: name,
                header: { _ in },
                sharing: sharing,
                prepare: { _ in },
                entries: { batch in loaded += batch.map(Self.describe) }
            )
            XCTAssertEqual(loaded, expected, "\(sharing)")
            XCTAssertEqual(header.counts["notes"], 13_000)
        }

        // A line that is sealed (its checksum matches) but is not an entry, in the third batch.
        let path = directory + "/" + name
        var text: [UInt8] = []
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))).withUnsafeBytes { try GzipDecompressor().decompress($0, into: &text) }
        var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines[9_000] = SealedLine.seal(members: Array(#""c":"notes","k":7}"#.utf8))
        var edited: [UInt8] = []
        let compressor = GzipCompressor(level: 1)
        Array(lines.joined(separator: [0x0A])).withUnsafeBytes { compressor.compress($0, into: &edited) }
        compressor.finish(into: &edited)
        try Data(edited).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SnapshotFile.read(fileSystem, name: name, header: { _ in }, entry: { _ in }))
        for sharing in [SnapshotFile.ParseSharing.readingThread, .applyingThread, .byBacklog] {
            var applied = 0
            XCTAssertThrowsError(
                try SnapshotFile.readPipelined(
                    fileSystem,
                    name: name,
                    header: { _ in },
                    sharing: sharing,
                    prepare: { _ in },
                    entries: { applied += $0.count }
                )
            ) { error in
                XCTAssertTrue("\(error)".contains("an entry line does not parse"), "\(sharing): \(error)")
            }
            XCTAssertLessThan(applied, 9_000, "\(sharing)")
        }
    }

    private static func describe(_ entry: SnapshotFile.Entry) -> String {
        "\(entry.collection) \(entry.key) \(entry.fields) \(entry.location)"
    }
}
