import FlatStore
import XCTest

@testable import Server

/// The job states and fleet figures kept between writes never show a stale store: verdicts and
/// overdue counts follow the clock without a write, and every write, settings change and store
/// swap is seen at once.
final class StoreVersionCacheTests: XCTestCase {
    private let day: Int64 = 86_400_000

    func testKeptStatesFollowTheClockEveryWriteAndASwappedStore() async throws {
        let first = try FlatStore.open(StoreOptions.duplistatus(directory: TestDataDirectory.make("cache-a", for: self)), schema: .duplistatus)
        let holder = StoreHolder(first)
        let backups = BackupStore(holder: holder)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        // Four daily runs: the interval is inferred, so the job can be overdue.
        for index in 0..<4 {
            _ = try await backups.ingest(AdminFleet.run("a", "a", "Files", begin: base + Int64(index) * day), receivedAt: base)
        }
        _ = try await backups.ingest(AdminFleet.run("b", "b", "Mail", begin: base), receivedAt: base)
        let lastBegin = base + 3 * day

        let onTime = try backups.jobs(now: lastBegin + day / 2)
        XCTAssertEqual(onTime.map(\.key), ["a:Files", "b:Mail"])
        XCTAssertFalse(onTime[0].verdict.isOverdue)
        // No write in between: only the clock moved, and the verdict with it.
        let late = try backups.jobs(now: lastBegin + 3 * day)
        XCTAssertTrue(late[0].verdict.isOverdue)
        XCTAssertEqual(late[0].verdict.overdueSeconds, (lastBegin + 3 * day - late[0].verdict.expectedAt) / 1_000)
        XCTAssertFalse(try backups.jobs(now: lastBegin + day / 2)[0].verdict.isOverdue)
        try assertSummariesAgreeWithJobs(backups, around: late[0].verdict.overdueAfter)

        // A new run is seen by the next read.
        _ = try await backups.ingest(AdminFleet.run("a", "a", "Files", begin: lastBegin + 2 * day), receivedAt: base)
        let afterRun = try backups.jobs(now: lastBegin + 3 * day)
        XCTAssertEqual(afterRun[0].runCount, 5)
        XCTAssertFalse(afterRun[0].verdict.isOverdue)

        // So is a settings change.
        var settings = try XCTUnwrap(backups.allSettings()["a:Files"])
        settings.overdueBackupCheckEnabled = false
        try await backups.saveSettings(["a:Files": settings])
        XCTAssertFalse(try backups.jobs(now: lastBegin + 30 * day)[0].verdict.isOverdue)
        XCTAssertEqual(try backups.fleetSummary(now: lastBegin + 30 * day).overdue, 0)

        // One server's states, with or without the fleet's kept.
        XCTAssertEqual(try backups.jobs(serverId: "b", now: base).map(\.key), ["b:Mail"])
        let fresh = BackupStore(holder: holder)
        XCTAssertEqual(try fresh.jobs(serverId: "a", now: base).map(\.key), ["a:Files"])

        // A store swapped in by a restore, at the same sequence number, is read afresh.
        let second = try FlatStore.open(StoreOptions.duplistatus(directory: TestDataDirectory.make("cache-b", for: self)), schema: .duplistatus)
        let twin = BackupStore(store: second)
        for index in 0..<5 {
            _ = try await twin.ingest(AdminFleet.run("x", "x", "Docs", begin: base + Int64(index) * day), receivedAt: base)
        }
        _ = try await twin.ingest(AdminFleet.run("y", "y", "Mail", begin: base), receivedAt: base)
        try await twin.saveSettings(["x:Docs": settings])
        let sequences = (first.read { $0.lastSequence }, second.read { $0.lastSequence })
        XCTAssertEqual(sequences.0, sequences.1, "the same writes give the same sequence number")
        XCTAssertEqual(try backups.jobs(now: base).map(\.key), ["a:Files", "b:Mail"])
        XCTAssertEqual(try backups.fleetSummary(now: base).servers, 2)
        let replaced = holder.replace(with: second)
        XCTAssertEqual(try backups.jobs(now: base).map(\.key), ["x:Docs", "y:Mail"])
        XCTAssertEqual(try backups.fleetFigures(), try twin.fleetFigures())
        await replaced.close()
        await second.close()
    }

    /// The kept figures give the same overdue count as judging every job, just before, at and
    /// after the instant a job turns overdue, in both summary formats.
    private func assertSummariesAgreeWithJobs(_ backups: BackupStore, around turn: Int64?, line: UInt = #line) throws {
        let turn = try XCTUnwrap(turn, line: line)
        for now in [turn - 1, turn, turn + 1, turn + day] {
            let judged = try backups.jobs(now: now).filter(\.verdict.isOverdue).count
            XCTAssertEqual(try backups.fleetSummary(now: now).overdue, judged, "at \(now - turn) ms", line: line)
            XCTAssertEqual(DuplistatusTotals(try backups.fleetFigures(), now: now).overdue, judged, line: line)
        }
        XCTAssertEqual(try backups.fleetSummary(now: turn + 1).overdue, 1, line: line)
    }
}
