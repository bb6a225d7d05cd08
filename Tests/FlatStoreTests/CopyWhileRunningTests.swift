import FlatStore
import Foundation
import XCTest

/// `cp -a` of the data directory at random instants while a writer appends, snapshots and
/// compacts: every copy must open as a valid prefix holding everything acknowledged before the copy.
final class CopyWhileRunningTests: XCTestCase {
    func testCopiesTakenAtRandomInstantsOpenAsPrefixes() throws {
        let copies = 24
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try TortureWriter(
            directory: directory,
            extraArguments: [
                "--writers", "4", "--segment-bytes", "32768", "--compact-every-ms", "40", "--snapshot-every-ms", "25",
                "--retention-seconds", "2", "--filler", "300",
            ]
        )
        XCTAssertTrue(writer.waitUntilReady())
        var taken: [(path: String, acks: [String])] = []
        defer { for copy in taken { try? FileManager.default.removeItem(atPath: copy.path) } }
        for index in 0..<copies {
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.08))
            // Everything acknowledged before cp starts must be in the copy.
            let acks = writer.acknowledged
            let copy = directory + "-copy\(index)"
            let cp = Process()
            cp.executableURL = URL(fileURLWithPath: "/bin/cp")
            cp.arguments = ["-a", directory, copy]
            cp.standardError = FileHandle.nullDevice
            try cp.run()
            cp.waitUntilExit()
            taken.append((copy, acks))
        }
        writer.kill()
        for (path, acks) in taken {
            // The copy carries the writer's LOCK file but no process holds its lock.
            let (ok, output) = try tortureCheck(directory: path, acks: acks)
            XCTAssertTrue(ok, "\(path): \(output)")
        }
        XCTAssertEqual(taken.count, copies)
    }

    /// `FlatStore.backup` (what `duplistatus backup` runs) of a directory another process writes,
    /// snapshots and compacts: every backup holds everything acknowledged before it started, and
    /// the files that never change again are hard links, so a backup takes no time at any size.
    func testBackupsOfALiveDirectoryHoldEverythingAcknowledgedBefore() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try TortureWriter(
            directory: directory,
            extraArguments: [
                "--writers", "4", "--segment-bytes", "32768", "--compact-every-ms", "40", "--snapshot-every-ms", "25",
                "--retention-seconds", "0", "--filler", "300",
            ]
        )
        XCTAssertTrue(writer.waitUntilReady())
        var taken: [(path: String, acks: [String])] = []
        defer { for backup in taken { try? FileManager.default.removeItem(atPath: backup.path) } }
        var linked = 0
        var retries = 0
        for index in 0..<12 {
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.1))
            let acks = writer.acknowledged
            let path = directory + "-backup\(index)"
            let report = try FlatStore.backup(testOptions(directory), to: testOptions(path))
            linked += report.linked
            retries += report.retries
            taken.append((path, acks))
        }
        writer.kill()
        for (path, acks) in taken {
            let (ok, output) = try tortureCheck(directory: path, acks: acks)
            XCTAssertTrue(ok, "\(path): \(output)")
        }
        print("backups: \(taken.count), hard links: \(linked), restarts after a compaction: \(retries)")
        XCTAssertGreaterThan(linked, 0)
    }

    /// What `backup` wrote is on stable storage once it returns: a power cut right after it (only
    /// what was synced survives) still leaves a whole store; and a fault while it copies throws
    /// instead of reporting a copy it did not make.
    func testABackupIsDurableOnceItReturns() async throws {
        let source = MemoryDisk()
        let workload = CrashWorkload(name: "backup", fsync: .always, batchCount: 40, snapshotEvery: 6, compactEvery: 15, seed: 7)
        let acknowledged = await workload.run(on: source)
        XCTAssertEqual(acknowledged, workload.batches.count)
        let target = MemoryDisk()
        var options = workload.options(target)
        options.directory = "backup"
        try FlatStore.backup(workload.options(source), to: options)
        var model = PersistenceModel(files: [:], inodes: [:])
        for event in target.trace { model.apply(event) }
        let problems = CrashCheck.problems(
            image: model.image(.nothingPending(model)),
            workload: workload,
            expectation: CrashExpectation(trace: source.trace[...]),
            thorough: true
        )
        XCTAssertEqual(problems, [])

        for call in [MemoryDisk.Call.create, .write, .sync, .syncDirectory] {
            let failing = MemoryDisk()
            failing.failCall(call, number: call == .syncDirectory ? 1 : 2)
            var options = workload.options(failing)
            options.directory = "backup"
            XCTAssertThrowsError(try FlatStore.backup(workload.options(source), to: options), "\(call)")
        }
    }

    /// `pinFiles()` (what the live backup archive streams) freezes the store at one instant: its
    /// files read whole even after compactions replaced and deleted them, and hold exactly the
    /// records written before the pin.
    func testPinnedFilesStayWholeThroughCompactionsThatDeleteThem() async throws {
        let directory = temporaryDirectory()
        let copy = directory + "-pinned"
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: copy)
        }
        var options = testOptions(directory)
        options.segmentMaxBytes = 4096
        options.supersededRetention = 0
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<200 { try await store.put(Note(id: "n\(index)", group: "before", time: Int64(index), text: "pinned")) }
        // Closed logs are pinned compressed.
        XCTAssertGreaterThan(try store.compressNow(), 0)
        let pinned = try await store.pinFiles()
        for index in 0..<50 { try await store.delete(Note.self, key: "n\(index)") }
        for index in 200..<400 { try await store.put(Note(id: "n\(index)", group: "after", time: Int64(index), text: "later")) }
        _ = try store.compactNow()
        try await store.put(Note(id: "n400", group: "after", time: 400, text: "later"))
        _ = try store.compactNow()
        let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        XCTAssertFalse(pinned.files.allSatisfy { remaining.contains($0.name) }, "no pinned file was deleted: the test proves nothing")

        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for file in pinned.files {
            var bytes: [UInt8] = []
            while UInt64(bytes.count) < file.length {
                let count = try buffer.withUnsafeMutableBytes { try pinned.read(file, at: UInt64(bytes.count), into: $0) }
                XCTAssertGreaterThan(count, 0, file.name)
                bytes += buffer[0..<count]
            }
            XCTAssertTrue(FileManager.default.createFile(atPath: copy + "/" + file.name, contents: Data(bytes)))
        }
        pinned.release()
        await store.close()

        let frozen = try FlatStore.open(testOptions(copy), schema: .notes)
        defer { frozen.closeBlocking() }
        let notes = frozen.read { $0.all(Note.self) }
        XCTAssertEqual(notes.count, 200)
        XCTAssertTrue(notes.allSatisfy { $0.summary.group == "before" })
        let report = try await frozen.verify()
        XCTAssertTrue(report.isClean, report.rendered())
    }
}
