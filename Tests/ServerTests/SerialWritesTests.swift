import FlatStore
import Foundation
import NIOPosix
import Synchronization
import XCTest

@testable import Server

/// `SerialWrites` and the uploads that queue on it: operations one at a time, in the caller's
/// task, and a new server's record written once however many uploads find it missing at once.
final class SerialWritesTests: XCTestCase {
    func testOperationsRunOneAtATimeAndAFailureFreesTheTurn() async throws {
        let serial = SerialWrites()
        let running = Running()
        struct Refused: Error {}
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        try await serial.run {
                            try await running.occupy()
                            if index.isMultiple(of: 5) { throw Refused() }
                        }
                    } catch is Refused {}
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(running.counts.withLock { $0.most }, 1, "never two at once")
        XCTAssertEqual(running.counts.withLock { $0.done }, 20, "a thrown error does not hold up the ones after it")
    }

    /// How many operations run now, at most at once, and in all.
    final class Running: Sendable {
        let counts = Mutex((now: 0, most: 0, done: 0))

        /// Counts one operation for 1 ms: long enough for another to overlap it if it could.
        func occupy() async throws {
            counts.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            try await Task.sleep(for: .milliseconds(1))
            counts.withLock {
                $0.now -= 1
                $0.done += 1
            }
        }
    }

    func testAnOperationRunsWhereItsCallerPrefers() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        addTeardownBlock { try await group.shutdownGracefully() }
        let loop = group.next()
        let serial = SerialWrites()
        let (started, start) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        // A first operation holds the turn, so the second waits for it before it runs.
        let holder = Task {
            try await serial.run {
                start.yield()
                for await _ in released { break }
            }
        }
        for await _ in started { break }
        let onLoop = Task {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
                try await serial.run { loop.inEventLoop }
            }
        }
        // Time for the second caller to queue; one that came late would find the turn free, and
        // the test would cover less, not fail.
        try await Task.sleep(for: .milliseconds(20))
        release.yield()
        try await holder.value
        let ranOnLoop = try await onLoop.value
        XCTAssertTrue(ranOnLoop, "an upload that creates a server stays on its connection's event loop")
    }

    func testUploadsThatCreateAServerAtOnceWriteItsRecordOnce() async throws {
        let directory = TestDataDirectory.make("new-server", for: self)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        // Sixteen jobs of one new server report together: each upload finds no server record.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in 0..<16 {
                group.addTask {
                    _ = try await backups.ingest(AdminFleet.run("nas", "NAS", "Job \(job)", begin: base), receivedAt: base)
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(backups.servers().map(\.name), ["NAS"])
        XCTAssertEqual(backups.allSettings().count, 16)
        await store.close()
        let logs = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("log-") }
        let serverLines = try logs.reduce(0) { count, name in
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            return count + text.split(separator: "\n").filter { $0.contains(#""c":"servers""#) }.count
        }
        XCTAssertEqual(serverLines, 1, "one record for the new server, not one for each upload that found it missing")
    }

    func testCopiesOfOneRunIngestedTogetherAreStoredOnce() async throws {
        let directory = TestDataDirectory.make("copies", for: self)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        // A new server's first run, then a new run of the known server: both paths of an ingest.
        for begin in [base, base + 86_400_000] {
            let run = AdminFleet.run("nas", "NAS", "Files", begin: begin)
            let outcomes = try await withThrowingTaskGroup(of: BackupStore.IngestOutcome.self) { group in
                for _ in 0..<12 { group.addTask { try await backups.ingest(run, receivedAt: begin) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(outcomes.filter { if case .stored = $0 { true } else { false } }.count, 1, "\(begin)")
            XCTAssertEqual(outcomes.filter { $0 == .duplicate(id: run.id) }.count, 11, "\(begin)")
        }
        XCTAssertEqual(store.read { $0.count(ParsedRun.self) }, 2)
        await store.close()
    }

    func testAClaimHasOneHolderAtATimeAndOtherIdsPass() async throws {
        let claims = RunClaims()
        let running = Running()
        await claims.claim("other")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    await claims.claim("run")
                    defer { claims.release("run") }
                    try await running.occupy()
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(running.counts.withLock { $0.most }, 1, "one holder of an id at a time")
        XCTAssertEqual(running.counts.withLock { $0.done }, 10)
        claims.release("other")
        await claims.claim("other")
        claims.release("other")
    }
}
