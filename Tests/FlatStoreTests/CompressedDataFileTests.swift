import Foundation
import XCTest

@testable import FlatStore

/// Closed logs compressed as `log-N.jsonl.gz` (`BlockGzip`): gzip's own tools read them whole, the
/// store reads every record from them as before, at any offset, after a restart with or without a
/// snapshot; a damaged block costs its lines alone; the plain file waits out its retention.
final class CompressedDataFileTests: XCTestCase {
    private struct Fixture {
        var directory: String
        var notes: [String: Note]
        /// The plain bytes of each log that was compressed, by its plain name.
        var plain: [String: [UInt8]]
    }

    /// A store on disk with several closed logs, notes of every size (some longer than a block),
    /// overwritten and deleted along the way; its closed logs are compressed before it closes.
    private func fixture(retention: Double = 0, clock: (@Sendable () -> Date)? = nil) async throws -> Fixture {
        let directory = temporaryDirectory()
        var options = Self.options(directory, retention: retention)
        if let clock { options.clock = clock }
        let store = try FlatStore.open(options, schema: .notes)
        var notes: [String: Note] = [:]
        var random = SeededRandom(seed: 7)
        for index in 0..<400 {
            let length = index % 37 == 0 ? 2_500 : Int.random(in: 20...400, using: &random)
            let note = Note(
                id: "k\(index % 300)",
                group: "g\(index % 5)",
                time: Int64(index),
                text: String(repeating: "backup ✓ \(index) ", count: length / 12)
            )
            try await store.put(note)
            notes[note.id] = note
            if index % 23 == 0, let doomed = notes.keys.sorted().first {
                try await store.delete(Note.self, key: doomed)
                notes[doomed] = nil
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        let logs = names.filter { DataFileName.dataFile($0).map { !$0.isBase } == true }.sorted()
        XCTAssertGreaterThan(logs.count, 4)
        var plain: [String: [UInt8]] = [:]
        for name in logs.dropLast() { plain[name] = try Self.bytes(directory, name) }
        XCTAssertEqual(try store.compressNow(), plain.count)
        // The open store still reads every record, now from the compressed files.
        for note in notes.values { XCTAssertEqual(try store.record(Note.self, key: note.id), note) }
        await store.close()
        return Fixture(directory: directory, notes: notes, plain: plain)
    }

    private static func options(_ directory: String, retention: Double = 0) -> StoreOptions {
        var options = testOptions(directory)
        options.segmentMaxBytes = 6 << 10
        options.compressionBlockBytes = 1_000
        options.supersededRetention = retention
        return options
    }

    private static func bytes(_ directory: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output))
    }

    func testGzipReadsThemAndTheStoreReadsEveryRecordAfterARestart() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: fixture.directory))
        for (name, plain) in fixture.plain {
            XCTAssertFalse(names.contains(name), "\(name): the plain file outlived a retention of 0")
            let path = fixture.directory + "/" + name + ".gz"
            XCTAssertEqual(try Self.run("gzip", ["-t", path]).status, 0, name)
            XCTAssertEqual(try Self.run("zcat", [path]).output, plain, "\(name): zcat does not give the plain lines")
        }
        XCTAssertTrue(try FlatStore.verify(Self.options(fixture.directory)).isClean)
        for withSnapshot in [true, false] {
            if !withSnapshot {
                for name in try FileManager.default.contentsOfDirectory(atPath: fixture.directory) where name.hasPrefix("snapshot-") {
                    try FileManager.default.removeItem(atPath: fixture.directory + "/" + name)
                }
            }
            let store = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
            XCTAssertEqual(Set(store.read { $0.all(Note.self).map(\.key) }), Set(fixture.notes.keys))
            for note in fixture.notes.values { XCTAssertEqual(try store.record(Note.self, key: note.id), note) }
            XCTAssertEqual(try store.scrub().damaged, [])
            XCTAssertFalse(store.statistics().hasDataProblems)
            // The statistics count the files as they are on disk.
            let logs = try FileManager.default.contentsOfDirectory(atPath: fixture.directory).filter { $0.hasPrefix("log-") }
            let onDisk = try logs.reduce(0) { $0 + (try Self.bytes(fixture.directory, $1)).count }
            XCTAssertEqual(store.statistics().logBytes, UInt64(onDisk))
            await store.close()
        }
    }

    func testACompactedBaseIsCompressedToo() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let store = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
        _ = try store.compactNow()
        XCTAssertGreaterThanOrEqual(try store.compressNow(), 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory)
        let bases = names.filter { $0.hasPrefix("base-") }
        XCTAssertEqual(bases.count, 1, "\(names.sorted())")
        XCTAssertTrue(bases[0].hasSuffix(".jsonl.gz"), "\(names.sorted())")
        for note in fixture.notes.values { XCTAssertEqual(try store.record(Note.self, key: note.id), note) }
        await store.close()
        XCTAssertTrue(try FlatStore.verify(Self.options(fixture.directory)).isClean)
        let reopened = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
        XCTAssertEqual(Set(reopened.read { $0.all(Note.self).map(\.key) }), Set(fixture.notes.keys))
        for note in fixture.notes.values { XCTAssertEqual(try reopened.record(Note.self, key: note.id), note) }
        await reopened.close()
    }

    func testATableOfManyMembersListsEveryBlock() {
        let blocks = (0..<(BlockGzip.blocksPerTableMember * 2 + 5)).map {
            BlockGzip.Block(memberLength: UInt32(40 + $0), length: UInt32(100 + $0))
        }
        let table = BlockGzip.table(blocks, time: 1_234)
        XCTAssertEqual(BlockGzip.tableLength(tail: Array(table.suffix(14))), table.count)
        let parsed = BlockGzip.blocks(inTable: table)
        XCTAssertEqual(parsed?.blocks, blocks)
        XCTAssertEqual(parsed?.time, 1_234)
        var damaged = table
        damaged[table.count / 2] ^= 1
        XCTAssertNil(BlockGzip.blocks(inTable: damaged))
    }

    func testAnyRangeReadsTheSameBytesAsThePlainFile() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let files = CompressedDataFiles(PosixFileSystem(directory: fixture.directory))
        var random = SeededRandom(seed: 3)
        for (name, plain) in fixture.plain {
            let handle = try files.open(name, mode: .read)
            defer { files.close(handle) }
            XCTAssertLessThan(handle.raw, 0, "\(name) was not read through its compressed file")
            XCTAssertEqual(try files.size(handle), UInt64(plain.count))
            for _ in 0..<200 {
                let offset = Int.random(in: 0..<plain.count, using: &random)
                let length = Int.random(in: 1...4_000, using: &random)
                var buffer = [UInt8](repeating: 0, count: length)
                let count = try buffer.withUnsafeMutableBytes { try files.read(handle, into: $0, at: UInt64(offset)) }
                XCTAssertEqual(count, min(length, plain.count - offset))
                XCTAssertEqual(buffer[..<count], plain[offset..<(offset + count)], "\(name) at \(offset)")
            }
        }
    }

    func testADamagedBlockLosesItsOwnLinesAndADamagedTableNothing() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let name = fixture.plain.keys.sorted()[1]
        let path = fixture.directory + "/" + name + ".gz"
        let pristine = try Self.bytes(fixture.directory, name + ".gz")
        let blocks = try XCTUnwrap(BlockGzip.blocks(inTable: Array(pristine[(pristine.count - tableLength(pristine))...]))?.blocks)
        XCTAssertGreaterThan(blocks.count, 3)

        // The table's checksum no longer matches: the blocks are walked instead, nothing is lost.
        var damagedTable = pristine
        damagedTable[pristine.count - tableLength(pristine) + 20] ^= 0x40
        try Data(damagedTable).write(to: URL(fileURLWithPath: path))
        XCTAssertTrue(try FlatStore.verify(Self.options(fixture.directory)).isClean)

        // A byte inside the second block's deflate data: that block's lines are damaged, no other.
        var damagedBlock = pristine
        let second = Int(blocks[0].memberLength)
        damagedBlock[second + BlockGzip.blockHeaderLength + 5] ^= 0xFF
        try Data(damagedBlock).write(to: URL(fileURLWithPath: path))
        let plain = fixture.plain[name]!
        let start = Int(blocks[0].length)
        let lines = plain[start..<(start + Int(blocks[1].length))]
        let lost = Set(
            lines.split(separator: 0x0A).compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])?["k"] as? String
            }
        )
        XCTAssertFalse(lost.isEmpty)
        XCTAssertFalse(try FlatStore.verify(Self.options(fixture.directory)).isClean, "the damaged block went unnoticed")
        let store = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
        _ = try store.scrub()
        for note in fixture.notes.values where !lost.contains(note.id) {
            XCTAssertEqual(try store.record(Note.self, key: note.id), note, "\(note.id) was not in the damaged block")
        }
        XCTAssertTrue(store.statistics().hasDataProblems, "the damage is not reported")
        await store.close()
    }

    /// Random flips and cuts of compressed files (`FLATSTORE_CORRUPTIONS` ÷ 3 of them, 333 by
    /// default): a record is lost only when its line is in the damaged block (or, for a cut, after
    /// the cut), and a lost record is always reported.
    func testFlipsAndCutsOfCompressedFilesLoseOnlyTheDamagedBlocks() async throws {
        let iterations = (Int(ProcessInfo.processInfo.environment["FLATSTORE_CORRUPTIONS"] ?? "") ?? 1000) / 3
        let fixture = try await fixture()
        let work = fixture.directory + "-work"
        defer {
            try? FileManager.default.removeItem(atPath: fixture.directory)
            try? FileManager.default.removeItem(atPath: work)
        }
        // Which keys each block of each compressed file holds.
        var files: [(name: String, bytes: [UInt8], blocks: [(member: Range<Int>, keys: Set<String>)])] = []
        for (name, plain) in fixture.plain.sorted(by: { $0.key < $1.key }) {
            let bytes = try Self.bytes(fixture.directory, name + ".gz")
            let table = try XCTUnwrap(BlockGzip.blocks(inTable: Array(bytes[(bytes.count - tableLength(bytes))...]))?.blocks)
            var member = 0
            var line = 0
            var blocks: [(Range<Int>, Set<String>)] = []
            for block in table {
                let lines = plain[line..<(line + Int(block.length))].split(separator: 0x0A)
                let keys = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])?["k"] as? String }
                blocks.append((member..<(member + Int(block.memberLength)), Set(keys)))
                member += Int(block.memberLength)
                line += Int(block.length)
            }
            files.append((name + ".gz", bytes, blocks))
        }
        var random = SeededRandom(seed: 11)
        var lostSome = 0
        for iteration in 0..<iterations {
            try? FileManager.default.removeItem(atPath: work)
            try FileManager.default.copyItem(atPath: fixture.directory, toPath: work)
            let file = files[Int.random(in: 0..<files.count, using: &random)]
            var bytes = file.bytes
            var lost: Set<String> = []
            let position = Int.random(in: 0..<bytes.count, using: &random)
            if iteration % 3 == 2 {
                bytes.removeSubrange(position...)
                for block in file.blocks where block.member.upperBound > position { lost.formUnion(block.keys) }
            } else {
                bytes[position] ^= UInt8.random(in: 1...255, using: &random)
                for block in file.blocks where block.member.contains(position) { lost.formUnion(block.keys) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: work + "/" + file.name))
            let store = try FlatStore.open(Self.options(work), schema: .notes)
            _ = try store.scrub()
            var missing: Set<String> = []
            for note in fixture.notes.values where (try? store.record(Note.self, key: note.id)) != note { missing.insert(note.id) }
            let reported = store.statistics().hasDataProblems
            await store.close()
            XCTAssertTrue(missing.isSubset(of: lost), "iteration \(iteration): \(file.name) at \(position) lost \(missing.subtracting(lost))")
            if !missing.isEmpty {
                lostSome += 1
                XCTAssertTrue(reported, "iteration \(iteration): \(file.name) at \(position): a loss not reported")
            }
            if !missing.isSubset(of: lost) { break }
        }
        print("compressed-file corruptions: \(iterations), losing records: \(lostSome)")
        XCTAssertGreaterThan(lostSome, 0)
    }

    func testThePlainFileStaysForTheRetentionTime() async throws {
        let now = SharedValue(Date(timeIntervalSince1970: 1_800_000_000))
        let fixture = try await fixture(retention: 600, clock: { now.withLock { $0 } })
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: fixture.directory))
        for name in fixture.plain.keys { XCTAssertTrue(names.contains(name) && names.contains(name + ".gz"), name) }
        now.withLock { $0 += 601 }
        var options = Self.options(fixture.directory, retention: 600)
        options.clock = { now.withLock { $0 } }
        let store = try FlatStore.open(options, schema: .notes)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: fixture.directory))
        for name in fixture.plain.keys { XCTAssertFalse(after.contains(name), "\(name) outlived its retention") }
        for note in fixture.notes.values { XCTAssertEqual(try store.record(Note.self, key: note.id), note) }
        await store.close()
    }

    func testTheNewestLogIsAlwaysPlain() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory)
        let newest = try XCTUnwrap(names.filter { DataFileName.dataFile($0).map { !$0.isBase } == true }.max())
        // Only compressed (files removed by hand): written back plain, and writes go on after it.
        let plain = try Self.bytes(fixture.directory, newest)
        var blockBytes = BlockGzip.blockMember(plain.withUnsafeBytes { $0 }, level: 6, time: 0)
        blockBytes += BlockGzip.table([BlockGzip.Block(memberLength: UInt32(blockBytes.count), length: UInt32(plain.count))], time: 0)
        try Data(blockBytes).write(to: URL(fileURLWithPath: fixture.directory + "/" + newest + ".gz"))
        try FileManager.default.removeItem(atPath: fixture.directory + "/" + newest)
        let store = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
        XCTAssertEqual(try Self.bytes(fixture.directory, newest), plain)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.directory + "/" + newest + ".gz"))
        let extra = Note(id: "after", group: "g0", time: 1, text: "written after")
        try await store.put(extra)
        await store.close()
        let reopened = try FlatStore.open(Self.options(fixture.directory), schema: .notes)
        XCTAssertEqual(try reopened.record(Note.self, key: "after"), extra)
        for note in fixture.notes.values { XCTAssertEqual(try reopened.record(Note.self, key: note.id), note) }
        await reopened.close()
    }

    private func tableLength(_ file: [UInt8]) -> Int {
        BlockGzip.tableLength(tail: Array(file[(file.count - 14)...])) ?? 0
    }
}
