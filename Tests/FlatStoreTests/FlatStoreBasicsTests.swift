import FlatStore
import Foundation
import XCTest

/// Put, get, delete, scans, aggregates, reopen, snapshot and compaction on real files.
final class FlatStoreBasicsTests: XCTestCase {
    func testPutGetDeleteScanAndAggregatesSurviveReopen() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        for index in 0..<50 {
            let note = Note(id: "n\(index)", group: index % 2 == 0 ? "even" : "odd", time: Int64(1000 - index), text: "t\(index)")
            try await store.put(note)
        }
        try await store.delete(Note.self, key: "n0")
        try await store.put(Note(id: "n1", group: "odd", time: 5, text: "rewritten"))

        func check(_ store: FlatStore) throws {
            let (count, totals, page) = try store.read { view in
                (
                    view.count(Note.self), view.aggregate(GroupTotals.self),
                    try view.scan(Note.self, index: "byGroup", partition: "odd", descending: true, offset: 1, limit: 3)
                )
            }
            XCTAssertEqual(count, 49)
            XCTAssertEqual(totals?.count, ["even": 24, "odd": 25])
            XCTAssertEqual(page.total, 25)
            // Newest first: n1 moved to time 5, so odd times are 997, 995, …, 5; the page skips 997.
            XCTAssertEqual(page.items.map(\.summary.time), [995, 993, 991])
            XCTAssertEqual(try store.record(Note.self, key: "n1")?.text, "rewritten")
            XCTAssertNil(try store.record(Note.self, key: "n0"))
            let ranged = try store.read { try $0.scan(Note.self, index: "byGroup", partition: "even", from: 960, to: 970) }
            XCTAssertEqual(ranged.items.map(\.summary.time), [960, 962, 964, 966, 968, 970])
        }
        try check(store)
        store.closeBlocking()

        store = try FlatStore.open(testOptions(directory), schema: .notes)
        try check(store)
        XCTAssertNotNil(store.statistics().recovery.snapshot, "close writes a snapshot")
        _ = try store.compactNow()
        try check(store)
        store.closeBlocking()

        store = try FlatStore.open(testOptions(directory), schema: .notes)
        try check(store)
        XCTAssertEqual(store.statistics().recovery.replayedRecords, 0, "the compaction's snapshot covers everything")
        store.closeBlocking()

        // Without any snapshot the log alone rebuilds the same state.
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("snapshot-") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        store = try FlatStore.open(testOptions(directory), schema: .notes)
        try check(store)
        let report = try await store.verify()
        XCTAssertTrue(report.isClean, report.rendered())
        store.closeBlocking()
    }

    func testSecondOpenOfADirectoryFailsFast() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        XCTAssertThrowsError(try FlatStore.open(testOptions(directory), schema: .notes)) { error in
            guard case StoreError.locked = error else { return XCTFail("expected locked, got \(error)") }
            XCTAssertTrue("\(error)".contains("in use by another process"))
        }
        XCTAssertThrowsError(try FlatStore.verify(testOptions(directory)))
        store.closeBlocking()
        XCTAssertNoThrow(try FlatStore.open(testOptions(directory), schema: .notes).closeBlocking())
    }

    /// People delete "stale" lock files; the directory's own lock still keeps a second process out.
    func testADeletedLockFileLetsNoSecondProcessIn() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        try FileManager.default.removeItem(atPath: directory + "/LOCK")
        XCTAssertThrowsError(try FlatStore.open(testOptions(directory), schema: .notes)) { error in
            guard case StoreError.locked = error else { return XCTFail("expected locked, got \(error)") }
        }
        store.closeBlocking()
        XCTAssertNoThrow(try FlatStore.open(testOptions(directory), schema: .notes).closeBlocking())
    }

    /// A log deleted under the running store (the directory removed, logs cleared by hand) would
    /// take writes no restart finds: the write is refused and writes stop, naming the file.
    func testAWriteToADeletedLogIsNotAcknowledged() async throws {
        for fsync in [FsyncPolicy.always, .none] {
            let directory = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try FlatStore.open(testOptions(directory, fsync: fsync), schema: .notes)
            try await store.put(Note(id: "kept", group: "g", time: 1, text: "before"))
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix("log-") {
                try FileManager.default.removeItem(atPath: directory + "/" + name)
            }
            do {
                try await store.put(Note(id: "lost", group: "g", time: 2, text: "after"))
                XCTFail("a write to a deleted log was acknowledged (\(fsync))")
            } catch {
                XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
            }
            do {
                try await store.put(Note(id: "later", group: "g", time: 3, text: "after"))
                XCTFail("writes went on after the log was deleted (\(fsync))")
            } catch StoreError.writesStopped(let reason) {
                XCTAssertTrue(reason.contains("log-") && reason.contains("no such file"), reason)
            }
            store.closeBlocking()
        }
    }

    func testGrepFindsEveryRecordHoldingASlashOrUnicodeValue() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        let slashValue = "backups/DB-PROD-01/daily"
        let unicodeValue = "Zürich ✓ 東京 💾"
        for index in 0..<30 {
            let text = index % 3 == 0 ? slashValue : index % 3 == 1 ? unicodeValue : "plain \(index)"
            try await store.put(Note(id: "g\(index)", group: "g", time: Int64(index), text: text))
        }
        store.closeBlocking()
        for (value, expected) in [(slashValue, 10), (unicodeValue, 10)] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "grep -rF -- \"$0\" . --include='*.jsonl' | wc -l", value]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            process.waitUntilExit()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)), expected, value)
        }
    }

    func testBatchesAreAppliedTogether() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory, fsync: .always), schema: .notes)
        var batch = WriteBatch()
        for index in 0..<5 { try batch.put(Note(id: "b\(index)", group: "b", time: Int64(index), text: "x")) }
        batch.delete(Note.self, key: "b0")
        try await store.write(batch)
        XCTAssertEqual(store.read { $0.count(Note.self) }, 4)
        store.closeBlocking()
    }
}
