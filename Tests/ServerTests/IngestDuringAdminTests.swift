import FlatStore
import XCTest

@testable import Server

/// Uploads that race an administrative change of their server (a delete, a merge, a cleanup) never
/// leave a run, a contact time or a job behind without its server: whatever order they land in,
/// the store ends as if each upload came wholly before or wholly after the change.
final class IngestDuringAdminTests: XCTestCase {
    private let base = AdminFleet.ms("2025-01-01T02:00:00Z")

    func testUploadsRacingADeleteLeaveNothingOrphaned() async throws {
        try await race { backups in _ = try await backups.deleteServer(id: "s") }
    }

    func testUploadsRacingAMergeLeaveNothingOrphaned() async throws {
        // A merge reads and rewrites every moved run: fewer rounds keep the test quick.
        try await race(rounds: 15) { backups in
            guard let source = backups.server("s"), let target = backups.server("t") else { return }
            _ = try await backups.mergeServers(into: target, from: [source])
        }
    }

    func testUploadsRacingACleanupLeaveNothingOrphaned() async throws {
        try await race { backups in _ = try await backups.cleanup(endedBefore: nil) }
    }

    /// What the races rest on, without their timing: only operations that may remove records move
    /// the mark, and one running at the mark counts as overlapping.
    func testOnlyOperationsThatMayRemoveRecordsMoveTheMark() async throws {
        let queue = SerialWrites()
        let before = queue.mark()
        XCTAssertFalse(queue.overlapped(since: before))
        try await queue.run(addsOnly: true) {}
        XCTAssertFalse(queue.overlapped(since: before), "creating a server or settling an upload")
        try await queue.run {
            XCTAssertTrue(queue.overlapped(since: before))
            XCTAssertTrue(queue.overlapped(since: queue.mark()), "marked while it runs")
        }
        XCTAssertTrue(queue.overlapped(since: before))
        XCTAssertFalse(queue.overlapped(since: queue.mark()))
    }

    /// What a lost race leaves (a run whose server record and job settings went after it was
    /// written), and an upload that died before settling up: the report sent again settles it.
    func testARunLeftWithoutItsServerIsSettledWhenItsReportComesAgain() async throws {
        let directory = TestDataDirectory.make("resent", for: self)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        let run = AdminFleet.run("s", "NAS", "Files", begin: base)
        _ = try await backups.ingest(run, receivedAt: base)
        var lost = WriteBatch()
        lost.delete(ServerRecord.self, key: "s")
        lost.delete(JobSettingsRecord.self, key: ParsedRun.jobKey(serverId: "s", backupName: "Files"))
        try await store.write(lost)
        XCTAssertEqual(try orphans(store).count, 3, "the contact time and the run without their server, the run without settings")

        let again = try await backups.ingest(run, receivedAt: base + 1000)
        XCTAssertEqual(again, .duplicate(id: run.id))
        XCTAssertEqual(try orphans(store), [])
        XCTAssertEqual(backups.server("s")?.name, "NAS")
        await store.close()
    }

    // MARK: Support

    /// Rounds of four uploaders sending runs of server `s` (and one of server `t`) while `change`
    /// runs once among them; after each round every run, contact time and job settings record has
    /// its server, and every run its job's settings. Without `settleAfterOverlap` each of the
    /// three tests left orphans in one or more rounds.
    private func race(rounds: Int = 40, _ change: @escaping @Sendable (BackupStore) async throws -> Void) async throws {
        let directory = TestDataDirectory.make("race", for: self)
        var options = StoreOptions.duplistatus(directory: directory)
        options.fsync = .none
        let store = try FlatStore.open(options, schema: .duplistatus)
        let backups = BackupStore(store: store)
        var begin = base
        for round in 0..<rounds {
            _ = try await backups.ingest(AdminFleet.run("t", "t", "Files", begin: begin), receivedAt: begin)
            _ = try await backups.ingest(AdminFleet.run("s", "s", "Files", begin: begin), receivedAt: begin)
            let first = begin
            begin += 1_000_000
            try await withThrowingTaskGroup(of: Void.self) { group in
                for uploader in 0..<4 {
                    group.addTask {
                        for number in 0..<12 {
                            let at = first + Int64(1 + uploader * 100 + number) * 1000
                            _ = try await backups.ingest(AdminFleet.run("s", "s", "Job \(uploader)", begin: at), receivedAt: at)
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<(round % 8) { await Task.yield() }
                    try await change(backups)
                }
                try await group.waitForAll()
            }
            XCTAssertEqual(try orphans(store), [], "round \(round)")
        }
        await store.close()
    }

    /// Records whose server record is missing, and runs whose job has no settings.
    private func orphans(_ store: FlatStore) throws -> [String] {
        let (servers, seen, settings, runIds) = store.read { view in
            (
                Set(view.all(ServerRecord.self).map(\.key)), view.all(ServerSeenRecord.self).map(\.key),
                Set(view.all(JobSettingsRecord.self).map(\.key)), view.all(ParsedRun.self).map(\.key)
            )
        }
        var found = seen.filter { !servers.contains($0) }.map { "contact time \($0)" }
        found += settings.filter { key in !servers.contains { key.hasPrefix($0 + ":") } }.sorted().map { "settings \($0)" }
        for id in runIds {
            guard let run = try store.record(ParsedRun.self, key: id) else { continue }
            if !servers.contains(run.serverId) { found.append("run \(id) of \(run.serverId)") }
            if !settings.contains(ParsedRun.jobKey(serverId: run.serverId, backupName: run.backupName)) {
                found.append("run \(id) without its job's settings")
            }
        }
        return found
    }
}
