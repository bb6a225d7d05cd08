import FlatStore
import Foundation
import XCTest

/// One test per crash-consistency hole found in review (A–F and the smaller ones): each reproduces
/// the scenario that lost or hid data before the fix.
final class CrashConsistencyRegressionTests: XCTestCase {
    // MARK: A — a compaction whose snapshot could not be published

    func testCompactionWhoseSnapshotFailsLosesNothingAtTheNextSnapshot() async throws {
        let disk = MemoryDisk()
        let store = try FlatStore.open(Self.options(disk, snapshot: true), schema: .notes)
        for index in 0..<100 { try await store.put(Self.note(index)) }
        try await store.snapshot()
        for index in 100..<110 { try await store.put(Self.note(index)) }
        // The compaction renames its base first, then its snapshot: fail the second rename.
        disk.failCall(.rename, number: 2)
        _ = try? await store.compact()
        try await store.put(Self.note(110))
        store.closeBlocking()  // writes the next snapshot

        let reopened = try FlatStore.open(Self.options(MemoryDisk(files: disk.files)), schema: .notes)
        XCTAssertEqual(reopened.read { $0.count(Note.self) }, 111)
        reopened.closeBlocking()
        let report = try FlatStore.verify(Self.options(MemoryDisk(files: disk.files)))
        XCTAssertTrue(report.isClean, report.rendered())
        XCTAssertEqual(report.records["notes"], 111)
    }

    // MARK: B — a torn batch

    func testABatchMissingItsFirstLineIsAppliedInPartOnlyWhenProvenDurable() async throws {
        for position in [Position.last, .middle] {
            let disk = MemoryDisk()
            let store = try FlatStore.open(Self.options(disk), schema: .notes)
            for number in 1...6 { try await store.write(Self.tripleBatch(number)) }
            store.closeBlocking()
            var files = disk.files
            let log = try XCTUnwrap(files.keys.filter { $0.hasPrefix("log-") }.max())
            // Zero the first line of batch 6 (the last) or of batch 3, keeping its newline: its
            // later lines are intact and the last one says the batch ends there.
            let lines = Self.lines(of: files[log] ?? [], withKey: position == .last ? "b6-0" : "b3-0")
            let range = try XCTUnwrap(lines.first)
            files[log]?.replaceSubrange(range, with: [UInt8](repeating: 0, count: range.count))

            let reopened = try FlatStore.open(Self.options(MemoryDisk(files: files)), schema: .notes)
            let keys = Set(reopened.read { $0.all(Note.self).map(\.key) })
            reopened.closeBlocking()
            if position == .last {
                // Nothing proves the batch was durable: a crash's torn write, never applied in part.
                XCTAssertTrue(keys.isDisjoint(with: (0..<3).map { "b6-\($0)" }), "half a torn batch applied: \(keys.sorted())")
            } else {
                // Later commit groups' `sync` marks prove batch 3 was durable, so acknowledged: the
                // loss is damage, which costs its own line only (store.md §3 keeps good records).
                XCTAssertFalse(keys.contains("b3-0"))
                XCTAssertTrue(keys.isSuperset(of: ["b3-1", "b3-2"]), "good lines of a damaged batch dropped: \(keys.sorted())")
                // Damage in the middle is reported, and every later batch is still there.
                XCTAssertTrue(keys.isSuperset(of: (4...6).flatMap { number in (0..<3).map { "b\(number)-\($0)" } }))
                let report = try FlatStore.verify(Self.options(MemoryDisk(files: files)))
                XCTAssertFalse(report.isClean)
            }
        }
    }

    // MARK: C — everysec: an incremental snapshot and a record durable long before

    func testASnapshotNeverDropsARecordWhoseNewerVersionWasNotYetDurable() async throws {
        let disk = MemoryDisk()
        var options = Self.options(disk)
        options.fsync = .everysec
        let store = try FlatStore.open(options, schema: .notes)
        try await store.put(Note(id: "k", group: "g", time: 1, text: "durable for over a second"))
        // everysec flushes `k` within about a second (later on a busy machine: waited for); then
        // nothing is written for over a second, so the next write is flushed at once — and the one
        // after it not before a second has passed.
        var durable = try await Self.waitUntilDurable("k", on: disk, within: .seconds(10))
        XCTAssertTrue(durable, "k: not durable yet: the scenario needs it to be")
        try await Task.sleep(for: .milliseconds(1300))
        try await store.put(Self.note(1))
        durable = try await Self.waitUntilDurable("n1", on: disk, within: .seconds(5))
        XCTAssertTrue(durable, "n1: not durable yet: the scenario needs it to be")
        // Update `k` at the moment the snapshot has taken its replay point.
        let updated = SharedValue(false)
        disk.beforeCall = { call, name in
            guard call == .create, name.hasPrefix("snapshot-"), !updated.withLock({ $0 }) else { return }
            updated.withLock { $0 = true }
            let done = DispatchSemaphore(value: 0)
            Task {
                try? await store.put(Note(id: "k", group: "g", time: 2, text: "newer, never flushed"))
                done.signal()
            }
            done.wait()
        }
        try await store.snapshot()
        disk.beforeCall = nil
        XCTAssertTrue(updated.withLock { $0 })
        let image = Self.durableImage(disk)  // the power fails now
        store.closeBlocking()

        let reopened = try FlatStore.open(Self.options(MemoryDisk(files: image)), schema: .notes)
        let k = try reopened.record(Note.self, key: "k")
        reopened.closeBlocking()
        XCTAssertNotNil(k, "a record durable for over a second was lost")
    }

    /// Whether `key` is in what `disk` holds durably, waiting up to `limit` for it.
    private static func waitUntilDurable(_ key: String, on disk: MemoryDisk, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            let image = try FlatStore.open(options(MemoryDisk(files: durableImage(disk))), schema: .notes)
            let found = try image.record(Note.self, key: key) != nil
            image.closeBlocking()
            if found { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: D — everysec: a snapshot over log bytes that never reached the disk

    func testASnapshotNeverCoversLogBytesThatAreNotOnDisk() async throws {
        let disk = MemoryDisk()
        var options = Self.options(disk)
        options.fsync = .everysec
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<60 { try await store.put(Self.note(index)) }
        try await store.snapshot()
        // The power fails; of the log's un-synced bytes only the last 512-byte unit reached the
        // disk (the file keeps its length, the rest reads as zeros).
        var model = PersistenceModel(files: [:], inodes: [:])
        for event in disk.trace { model.apply(event) }
        var choice = PersistenceModel.Choice.nothingPending(model)
        choice.directory = choice.directory.map { _ in true }
        for (inode, changes) in choice.files { choice.files[inode] = changes.indices.map { $0 == changes.count - 1 } }
        let image = model.image(choice)
        store.closeBlocking()

        let reopened = try FlatStore.open(Self.options(MemoryDisk(files: image)), schema: .notes)
        var problems: [String] = []
        let notes = CrashCheck.contents(of: reopened, into: &problems)
        reopened.closeBlocking()
        XCTAssertEqual(problems, [], "indexed records that cannot be read")
        XCTAssertEqual(notes.count, 60)
    }

    // MARK: E — bit rot in the part of the log a snapshot covers

    func testBitRotBeforeTheSnapshotIsFoundAndReported() async throws {
        let disk = MemoryDisk()
        let store = try FlatStore.open(Self.options(disk, snapshot: true), schema: .notes)
        for index in 0..<40 { try await store.put(Self.note(index)) }
        store.closeBlocking()  // writes a snapshot covering everything
        var files = disk.files
        XCTAssertTrue(files.keys.contains { $0.hasPrefix("snapshot-") })
        let log = try XCTUnwrap(files.keys.filter { $0.hasPrefix("log-") }.min())
        let line = try XCTUnwrap(Self.lines(of: files[log] ?? [], withKey: "n7").first)
        files[log]?[line.lowerBound + 40] ^= 0x04

        let damaged = MemoryDisk(files: files)
        let reopened = try FlatStore.open(Self.options(damaged), schema: .notes)
        try reopened.scrub()
        let statistics = reopened.statistics()
        XCTAssertTrue(statistics.hasDataProblems, "damage under the snapshot went unreported")
        XCTAssertEqual(statistics.damagedRecords, ["notes/n7"])
        XCTAssertNil(try reopened.record(Note.self, key: "n7"), "a record nobody can read is still served")
        reopened.closeBlocking()
        XCTAssertFalse(try FlatStore.verify(Self.options(damaged)).isClean)
    }

    /// E in a log written without flushes (an import, `--fsync none`): no later line's `sync` mark
    /// proves the damaged line was durable, but the snapshot's replay point does. `verify` reports
    /// one damaged line, not a torn tail of every later one, and does not advise deleting the
    /// snapshot: without it the next start would cut the log there, losing the 32 later notes.
    func testBitRotBeforeTheSnapshotOfAnUnflushedLogIsDamageNotATornTail() async throws {
        let disk = MemoryDisk()
        let store = try FlatStore.open(Self.options(disk, snapshot: true, fsync: .none), schema: .notes)
        for index in 0..<40 { try await store.put(Self.note(index)) }
        store.closeBlocking()
        var files = disk.files
        let log = try XCTUnwrap(files.keys.filter { $0.hasPrefix("log-") }.min())
        let line = try XCTUnwrap(Self.lines(of: files[log] ?? [], withKey: "n7").first)
        files[log]?[line.lowerBound + 40] ^= 0x04

        let damaged = MemoryDisk(files: files)
        let report = try FlatStore.verify(Self.options(damaged))
        XCTAssertEqual(report.badLines.map(\.reason), ["checksum mismatch"])
        XCTAssertEqual(report.badSnapshots.count, 1)
        XCTAssertTrue(report.badSnapshots.first?.contains("keep it") == true, "\(report.badSnapshots)")

        let reopened = try FlatStore.open(Self.options(damaged), schema: .notes)
        try reopened.scrub()
        XCTAssertEqual(reopened.statistics().damagedRecords, ["notes/n7"])
        var problems: [String] = []
        let notes = CrashCheck.contents(of: reopened, into: &problems)
        reopened.closeBlocking()
        XCTAssertEqual(problems, [])
        XCTAssertEqual(notes.count, 39)
    }

    // MARK: F — a copy slower than the old 60 s grace period

    func testACopyThatListedBeforeACompactionFindsEveryFileItListed() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = SharedValue(Date())
        var options = testOptions(directory, fsync: .always)
        options.segmentMaxBytes = 4096
        options.clock = { clock.value }
        var store = try FlatStore.open(options, schema: .notes)
        for index in 0..<300 {
            try await store.put(Note(id: "k\(index)", group: index % 5 < 2 ? "kept" : "deleted", time: Int64(index), text: "x"))
        }
        let listed = try FileManager.default.contentsOfDirectory(atPath: directory)  // the copy starts
        for index in 0..<300 where index % 5 >= 2 { try await store.delete(Note.self, key: "k\(index)") }
        _ = try await store.compact()
        clock.withLock { $0 += 150 }  // the copy is slow
        _ = try await store.compact()
        store.closeBlocking()
        store = try FlatStore.open(options, schema: .notes)  // a restart meanwhile
        store.closeBlocking()
        let copy = Self.copy(listed, from: directory)
        defer { try? FileManager.default.removeItem(atPath: copy) }

        let opened = try FlatStore.open(testOptions(copy), schema: .notes)
        let kept = opened.read { view in view.all(Note.self).filter { $0.summary.group == "kept" }.count }
        opened.closeBlocking()
        XCTAssertEqual(kept, 120, "the copy lost records of data nobody touched")
    }

    func testACopyThatOutlastsTheRetentionNeverLooksComplete() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = SharedValue(Date())
        var options = testOptions(directory, fsync: .always)
        options.segmentMaxBytes = 4096
        options.supersededRetention = 3600
        options.clock = { clock.value }
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<300 { try await store.put(Self.note(index)) }
        let listed = try FileManager.default.contentsOfDirectory(atPath: directory)
        for index in 300..<330 { try await store.put(Self.note(index)) }
        _ = try await store.compact()
        clock.withLock { $0 += 3601 }  // past the retention…
        _ = try await store.compact()  // …and a generation later: the listed files may go
        store.closeBlocking()
        let copy = Self.copy(listed, from: directory)
        defer { try? FileManager.default.removeItem(atPath: copy) }

        let report = try FlatStore.verify(testOptions(copy))
        XCTAssertFalse(report.missingRecords.isEmpty, "an incomplete copy looked complete: \(report.rendered())")
        let opened = try FlatStore.open(testOptions(copy), schema: .notes)
        XCTAssertFalse(opened.statistics().recovery.missing.isEmpty)
        XCTAssertTrue(opened.statistics().hasDataProblems)
        opened.closeBlocking()
    }

    // MARK: Smaller holes

    func testABatchWhoseFlushFailedDoesNotComeBackAfterARestart() async throws {
        let disk = MemoryDisk()
        let store = try FlatStore.open(Self.options(disk), schema: .notes)
        for index in 0..<5 { try await store.put(Self.note(index)) }
        disk.failCall(.sync, number: 1)
        do {
            try await store.put(Self.note(5))
            XCTFail("a write whose flush failed was acknowledged")
        } catch {}
        store.closeBlocking()
        // The process restarts, the machine does not: the page cache still holds the write.
        let reopened = try FlatStore.open(Self.options(MemoryDisk(files: disk.files)), schema: .notes)
        XCTAssertFalse(reopened.read { $0.contains(Note.self, key: "n5") }, "an unacknowledged write came back")
        XCTAssertEqual(reopened.read { $0.count(Note.self) }, 5)
        reopened.closeBlocking()
    }

    func testCloseWritesNoSnapshotWhenItsFinalFlushFails() async throws {
        let disk = MemoryDisk()
        var options = Self.options(disk, snapshot: true)
        options.fsync = .none  // nothing flushes before close does
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<10 { try await store.put(Self.note(index)) }
        disk.failCall(.sync, number: 1)
        store.closeBlocking()
        XCTAssertFalse(disk.files.keys.contains { $0.hasPrefix("snapshot-") }, "a snapshot over unflushed bytes")
    }

    func testATornLastQuarantineEntryDoesNotSwallowTheNextOne() async throws {
        let disk = MemoryDisk()
        let store = try FlatStore.open(Self.options(disk), schema: .notes)
        for index in 0..<30 { try await store.put(Self.note(index)) }
        store.closeBlocking()
        var files = disk.files
        files["quarantine.jsonl"] = Array(#"{"_crc":"00000000","file":"log-0000"#.utf8)  // torn by a crash
        let log = try XCTUnwrap(files.keys.filter { $0.hasPrefix("log-") }.min())
        let line = try XCTUnwrap(Self.lines(of: files[log] ?? [], withKey: "n3").first)
        files[log]?[line.lowerBound + 30] ^= 0x01

        let damaged = MemoryDisk(files: files)
        let reopened = try FlatStore.open(Self.options(damaged), schema: .notes)
        reopened.closeBlocking()
        XCTAssertEqual(try FlatStore.verify(Self.options(damaged)).previouslyQuarantined, 1, "the new entry is unreadable")
    }

    func testCreatingTheDataDirectorySyncsItsParent() throws {
        let parent = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let trace = parent + "/strace.txt"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        process.arguments = [
            "-f", "-e", "trace=mkdir,mkdirat,openat,fsync", "-o", trace,
            try builtProduct("store-torture").path, "write", "--data-dir", parent + "/data", "--writers", "1", "--batches", "1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        let created = try XCTUnwrap(lines.firstIndex { $0.contains("mkdir") && $0.contains("/data\"") && $0.hasSuffix("= 0") })
        let opened = lines[created...].first { $0.contains("openat") && $0.contains("\"\(parent)\"") && $0.contains("O_DIRECTORY") }
        let descriptor = try XCTUnwrap(opened?.split(separator: "=").last?.trimmingCharacters(in: .whitespaces))
        XCTAssertTrue(lines[created...].contains { $0.contains("fsync(\(descriptor))") && $0.hasSuffix("= 0") }, "parent not synced")
    }

    // MARK: Support

    private enum Position { case last, middle }

    /// `snapshot`: whether close writes a snapshot (then the next open reads no line it covers).
    private static func options(_ disk: MemoryDisk, snapshot: Bool = false, fsync: FsyncPolicy = .always) -> StoreOptions {
        var options = StoreOptions(directory: "memory")
        options.fileSystem = disk
        options.fsync = fsync
        options.backgroundMaintenance = false
        options.snapshotOnClose = snapshot
        options.logger.logLevel = .critical
        return options
    }

    private static func note(_ index: Int) -> Note {
        Note(id: "n\(index)", group: "g\(index % 4)", time: Int64(index), text: String(repeating: "text \(index) ", count: 8))
    }

    private static func tripleBatch(_ number: Int) throws -> WriteBatch {
        var batch = WriteBatch()
        for part in 0..<3 { try batch.put(Note(id: "b\(number)-\(part)", group: "b", time: Int64(number), text: "part \(part)")) }
        return batch
    }

    /// Byte ranges (without newlines) of the lines of `bytes` that hold `"k":"<key>"`.
    private static func lines(of bytes: [UInt8], withKey key: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        let needle = Array("\"k\":\"\(key)\"".utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            let line = bytes[start..<index]
            if line.firstRange(of: needle) != nil { ranges.append(start..<index) }
            start = index + 1
        }
        return ranges
    }

    /// What a power cut now would leave: only what was synced.
    private static func durableImage(_ disk: MemoryDisk) -> [String: [UInt8]] {
        var model = PersistenceModel(files: [:], inodes: [:])
        for event in disk.trace { model.apply(event) }
        return model.image(.nothingPending(model))
    }

    /// Copies the listed files one by one, as `cp -a` does after listing; a file gone meanwhile is
    /// skipped (cp reports it and goes on).
    private static func copy(_ names: [String], from directory: String) -> String {
        let copy = temporaryDirectory("copy")
        for name in names where name != "LOCK" {
            try? FileManager.default.copyItem(atPath: directory + "/" + name, toPath: copy + "/" + name)
        }
        return copy
    }
}
