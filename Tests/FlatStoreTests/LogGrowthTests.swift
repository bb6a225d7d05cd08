import FlatStore
import Foundation
import XCTest

/// The active log grows ahead of its writes in steps of blank lines (`logGrowthBytes`): a running
/// store's newest log ends with them, recovery and a clean close cut them off, a rotated log and a
/// backup have none, and blank lines where a write was lost are a hole: the end of the newest
/// log's valid lines, damage in a closed log.
final class LogGrowthTests: XCTestCase {
    private let step: UInt64 = 16 << 10

    func testRecoveryAndCloseCutTheBlankSpaceOff() async throws {
        let directory = temporaryDirectory()
        let copy = directory + "-copy"
        defer { for path in [directory, copy] { try? FileManager.default.removeItem(atPath: path) } }
        let (store, newest, running, dataEnd) = try await runningStore(in: directory)
        XCTAssertEqual(UInt64(running.count) % step, 0, "the log grows in whole steps")
        XCTAssertTrue(running[dataEnd...].allSatisfy { $0 == 0x0A })

        // What a kill -9 leaves behind: the files as the page cache holds them.
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        store.closeBlocking()
        XCTAssertEqual(try bytes(directory, newest), Array(running[..<dataEnd]), "a clean close cuts the blank space off")

        let reopened = try FlatStore.open(options(copy, fsync: .always), schema: .notes)
        let recovery = reopened.statistics().recovery
        XCTAssertNil(recovery.truncatedTail)
        XCTAssertEqual(recovery.quarantined, [])
        XCTAssertEqual(recovery.missing, [])
        XCTAssertEqual(keys(reopened), Set(notes(0..<40).map(\.id)))
        XCTAssertEqual(try bytes(copy, newest), Array(running[..<dataEnd]), "recovery cuts the blank space off")
        // Writes go on after the last line, growing the log again.
        try await reopened.put(notes(40..<41)[0])
        XCTAssertEqual(UInt64(try bytes(copy, newest).count) % step, 0)
        reopened.closeBlocking()
        try assertEndsWithItsLastLine(try bytes(copy, newest), "closed")

        let again = try FlatStore.open(options(copy, fsync: .always), schema: .notes)
        XCTAssertEqual(keys(again), Set(notes(0..<41).map(\.id)))
        again.closeBlocking()
    }

    func testARotatedLogEndsWithItsLastLine() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = options(directory, fsync: .always)
        options.segmentMaxBytes = 8 << 10
        options.compressSealedFiles = false
        let store = try FlatStore.open(options, schema: .notes)
        for note in notes(0..<100) { try await store.put(note) }
        let logs = try logs(in: directory)
        XCTAssertGreaterThan(logs.count, 3)
        for name in logs.dropLast() { try assertEndsWithItsLastLine(try bytes(directory, name), name) }
        let newest = try bytes(directory, try XCTUnwrap(logs.last))
        XCTAssertEqual(UInt64(newest.count), options.segmentMaxBytes, "grown no further than the segment's limit")
        store.closeBlocking()
    }

    /// With `none` no line proves the lost one was durable: it is a torn write, and what follows
    /// it is cut off with it, so no later write survives an earlier lost one.
    func testBlankLinesWhereAWriteWasLostCutWhatFollows() async throws {
        try await assertALostWriteCutsWhatFollows(fsync: .none)
    }

    /// With `always` the next commit's `sync` mark says the lost line had been durable, yet blank
    /// lines are cut all the same: `cp` of a running store can read blank space before a commit
    /// lands in it and the next commit after it, and cutting there keeps the copy a prefix.
    func testBlankLinesInTheNewestLogCutWhatFollowsEvenUnderASyncMark() async throws {
        try await assertALostWriteCutsWhatFollows(fsync: .always)
    }

    /// A closed log was flushed whole before the next one existed: blank lines in it are damage,
    /// set aside, and every later line is kept.
    func testBlankLinesInAClosedLogAreDamage() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = options(directory, fsync: .always)
        options.segmentMaxBytes = 4 << 10
        options.compressSealedFiles = false
        let store = try FlatStore.open(options, schema: .notes)
        for note in notes(0..<30) { try await store.put(note) }
        store.closeBlocking()
        let first = try XCTUnwrap(try logs(in: directory).first)
        XCTAssertGreaterThan(try logs(in: directory).count, 2)
        try blankOutLine(of: "k5", in: directory, first)

        let reopened = try FlatStore.open(options, schema: .notes)
        let recovery = reopened.statistics().recovery
        XCTAssertNil(recovery.truncatedTail)
        XCTAssertEqual(recovery.quarantined.map(\.reason), ["blank lines"])
        XCTAssertEqual(keys(reopened), Set(notes(0..<30).map(\.id)).subtracting(["k5"]))
        reopened.closeBlocking()
    }

    /// `FlatStore.backup` of a running store copies the newest log up to its last line, not into
    /// the blank space that commits go on filling while it copies.
    func testABackupOfARunningStoreStopsAtTheLastLine() async throws {
        let directory = temporaryDirectory()
        let copy = directory + "-backup"
        defer { for path in [directory, copy] { try? FileManager.default.removeItem(atPath: path) } }
        let (store, newest, running, dataEnd) = try await runningStore(in: directory)

        try FlatStore.backup(options(directory, fsync: .always), toDirectory: copy)
        store.closeBlocking()
        XCTAssertEqual(try bytes(copy, newest), Array(running[..<dataEnd]))
        let reopened = try FlatStore.open(options(copy, fsync: .always), schema: .notes)
        XCTAssertNil(reopened.statistics().recovery.truncatedTail)
        XCTAssertEqual(keys(reopened), Set(notes(0..<40).map(\.id)))
        reopened.closeBlocking()
    }

    /// A disk too full (or a quota too small) for a step of blank space refuses the step, not the
    /// commit: the part of the step written is cut off, the commit is acknowledged, and the log is
    /// appended to until it is sealed. A reopened store tries to grow again.
    func testAFullDiskRefusingTheBlankSpaceLeavesTheLogAppending() async throws {
        for code in [Errno.noSpace, Errno.quotaExceeded] {
            let directory = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let (store, disk) = try openOnFaultyDisk(directory)
            disk.armBlankSpace(code: code)
            for note in notes(0..<60) {
                try await store.put(note)
                let newest = try XCTUnwrap(try logs(in: directory).last)
                try assertEndsWithItsLastLine(try bytes(directory, newest), "after \(note.id)")
            }
            XCTAssertTrue(store.statistics().writable)
            store.closeBlocking()

            let reopened = try FlatStore.open(options(directory, fsync: .always), schema: .notes)
            let recovery = reopened.statistics().recovery
            XCTAssertNil(recovery.truncatedTail)
            XCTAssertEqual(recovery.quarantined, [])
            XCTAssertEqual(keys(reopened), Set(notes(0..<60).map(\.id)))
            try await reopened.put(notes(60..<61)[0])
            let newest = try XCTUnwrap(try logs(in: directory).last)
            XCTAssertEqual(UInt64(try bytes(directory, newest).count) % step, 0, "a reopened store grows the log again")
            reopened.closeBlocking()
        }
    }

    /// When the cut of a refused step fails too, the file's end is unknown: the commit fails with
    /// the disk's error, writes stop, and the reopened store holds what was acknowledged before.
    func testARefusedStepWhoseCutFailsStopsWrites() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (store, disk) = try openOnFaultyDisk(directory)
        for note in notes(0..<10) { try await store.put(note) }
        disk.armBlankSpace(code: Errno.noSpace)
        disk.arm("truncate", code: Errno.io)
        var acknowledged = 10
        var refusal: (any Error)?
        for note in notes(10..<200) {
            do {
                try await store.put(note)
                acknowledged += 1
            } catch {
                refusal = error
                break
            }
        }
        XCTAssertEqual((refusal as? StoreError)?.description.contains("no space left on device"), true, "\(String(describing: refusal))")
        XCTAssertFalse(store.statistics().writable)
        store.closeBlocking()

        let reopened = try FlatStore.open(options(directory, fsync: .always), schema: .notes)
        XCTAssertEqual(keys(reopened), Set(notes(0..<acknowledged).map(\.id)))
        reopened.closeBlocking()
    }

    // MARK: Support

    /// A store in `directory` holding 40 notes, running; its newest log's name and bytes, and where
    /// its last line ends (before the blank space, which it checks is there).
    private func runningStore(in directory: String) async throws -> (FlatStore, log: String, bytes: [UInt8], dataEnd: Int) {
        let store = try FlatStore.open(options(directory, fsync: .always), schema: .notes)
        for note in notes(0..<40) { try await store.put(note) }
        let newest = try XCTUnwrap(try logs(in: directory).last)
        let running = try bytes(directory, newest)
        let dataEnd = try endOfLastLine(running)
        XCTAssertLessThan(dataEnd, running.count, "a running store's log ends with blank space")
        return (store, newest, running, dataEnd)
    }

    /// A store in `directory` on the real disk with faults to arm (`fsync` always).
    private func openOnFaultyDisk(_ directory: String) throws -> (FlatStore, FaultyDisk) {
        let disk = FaultyDisk(directory: directory)
        var faulty = options(directory, fsync: .always)
        faulty.fileSystem = disk
        return (try FlatStore.open(faulty, schema: .notes), disk)
    }

    /// Ten notes, `k5`'s line lost into blank lines in the newest log of a copy of the running
    /// store: the copy opens cut at that line, with `k0`–`k4`, and the four lines after it in the
    /// quarantine (the newlines are not worth keeping).
    private func assertALostWriteCutsWhatFollows(fsync: FsyncPolicy) async throws {
        let (copy, newest, line) = try await storeWithOneWriteLost(fsync: fsync)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let store = try FlatStore.open(options(copy, fsync: fsync), schema: .notes)
        let recovery = store.statistics().recovery
        XCTAssertEqual(recovery.truncatedTail?.offset, UInt64(line.lowerBound))
        XCTAssertEqual(recovery.quarantined.count, 4, "k6 to k9, kept in the quarantine")
        XCTAssertEqual(recovery.quarantined.filter { $0.reason.contains("blank") }, [], "newlines are not worth keeping")
        XCTAssertEqual(keys(store), Set(notes(0..<5).map(\.id)))
        XCTAssertEqual(try bytes(copy, newest).count, line.lowerBound)
        store.closeBlocking()
    }

    /// A copy of a running store's directory holding ten notes, with the line of `k5` in its newest
    /// log overwritten by newlines, as if that write never reached the disk; the line's range.
    private func storeWithOneWriteLost(fsync: FsyncPolicy) async throws -> (copy: String, log: String, line: Range<Int>) {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(options(directory, fsync: fsync), schema: .notes)
        for note in notes(0..<10) { try await store.put(note) }
        let copy = directory + "-copy"
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        store.closeBlocking()
        let newest = try XCTUnwrap(try logs(in: copy).last)
        return (copy, newest, try blankOutLine(of: "k5", in: copy, newest))
    }

    /// Overwrites the line of the record `key` in `name` with newlines, as a write that never
    /// reached the disk leaves it; returns the line's range, its newline included.
    @discardableResult
    private func blankOutLine(of key: String, in directory: String, _ name: String) throws -> Range<Int> {
        var content = try bytes(directory, name)
        let member = Array(#""k":"\#(key)""#.utf8)
        let at = try XCTUnwrap((0..<(content.count - member.count)).first { Array(content[$0..<($0 + member.count)]) == member })
        let start = try XCTUnwrap(content[..<at].lastIndex(of: 0x0A)) + 1
        let end = try XCTUnwrap(content[at...].firstIndex(of: 0x0A)) + 1
        content.replaceSubrange(start..<end, with: [UInt8](repeating: 0x0A, count: end - start))
        try Data(content).write(to: URL(fileURLWithPath: directory + "/" + name))
        return start..<end
    }

    /// Where the last line that is not blank ends, its newline included.
    private func endOfLastLine(_ content: [UInt8]) throws -> Int {
        try XCTUnwrap(content.lastIndex { $0 != 0x0A }) + 2
    }

    /// A log the store no longer writes to ends with its last line, no blank lines after it.
    private func assertEndsWithItsLastLine(_ content: [UInt8], _ name: String) throws {
        XCTAssertEqual(content.last, 0x0A, name)
        XCTAssertEqual(try endOfLastLine(content), content.count, "\(name) ends with blank space")
    }

    private func options(_ directory: String, fsync: FsyncPolicy) -> StoreOptions {
        var options = testOptions(directory, fsync: fsync)
        options.logGrowthBytes = step
        options.snapshotOnClose = false
        return options
    }

    private func notes(_ range: Range<Int>) -> [Note] {
        range.map { Note(id: "k\($0)", group: "g\($0 % 3)", time: Int64($0), text: String(repeating: "n", count: 300)) }
    }

    private func keys(_ store: FlatStore) -> Set<String> {
        Set(store.read { view in view.all(Note.self).map(\.key) })
    }

    private func logs(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("log-") && $0.hasSuffix(".jsonl") }.sorted()
    }

    private func bytes(_ directory: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
    }
}
