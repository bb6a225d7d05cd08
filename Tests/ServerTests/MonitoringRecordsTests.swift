import FlatStore
import XCTest

@testable import Server

/// Settings and overdue records live and die with their job: created with its first run, removed
/// with the job, its server or a cleanup of everything, moved by a merge.
final class MonitoringRecordsTests: XCTestCase {
    func open(_ directory: String) throws -> (FlatStore, BackupStore) {
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        return (store, BackupStore(store: store))
    }

    func testRecordsFollowTheirJobs() async throws {
        let directory = TestDataDirectory.make("records", for: self)
        let (store, backups) = try open(directory)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        for (server, job) in [("a", "Files"), ("a", "Mail"), ("b", "Files"), ("c", "Docs")] {
            _ = try await backups.ingest(AdminFleet.run(server, server, job, begin: base), receivedAt: base)
        }
        _ = try await backups.ingest(AdminFleet.run("a", "a", "Files", begin: base + 86_400_000), receivedAt: base)
        XCTAssertEqual(backups.allSettings().keys.sorted(), ["a:Files", "a:Mail", "b:Files", "c:Docs"])
        XCTAssertEqual(backups.allSettings()["a:Files"]?.time, base + 86_400_000, "first run + 1 day")
        let state = OverdueStateRecord.State(lastNotificationSent: base, lastOverdueCheck: base)
        try await backups.saveOverdueStates(["a:Files": state, "a:Mail": state, "b:Files": state, "c:Docs": state], replacing: [:])

        let deletedRuns = try await backups.deleteJob(serverId: "a", backupName: "Mail")
        XCTAssertEqual(deletedRuns, 1)
        XCTAssertNil(backups.allSettings()["a:Mail"])
        XCTAssertNil(backups.overdueStates()["a:Mail"])

        let serverRuns = try await backups.deleteServer(id: "b")
        XCTAssertEqual(serverRuns, 1)
        XCTAssertEqual(backups.allSettings().keys.sorted(), ["a:Files", "c:Docs"])
        XCTAssertEqual(backups.overdueStates().keys.sorted(), ["a:Files", "c:Docs"])

        // A merge moves settings to the target's key (the target's own win) and drops overdue records.
        var custom = try XCTUnwrap(backups.allSettings()["c:Docs"])
        custom.notificationEvent = .all
        try await backups.saveSettings(["c:Docs": custom])
        let target = try XCTUnwrap(backups.server("a"))
        let source = try XCTUnwrap(backups.server("c"))
        _ = try await backups.mergeServers(into: target, from: [source])
        XCTAssertEqual(backups.allSettings().keys.sorted(), ["a:Docs", "a:Files"])
        XCTAssertEqual(backups.allSettings()["a:Docs"]?.notificationEvent, .all)
        XCTAssertEqual(backups.overdueStates().keys.sorted(), ["a:Files"])

        // Changing a job's schedule forgets its overdue record; a note-only change does not.
        var files = try XCTUnwrap(backups.allSettings()["a:Files"])
        files.emailEnabled = false
        try await backups.saveSettings(["a:Files": files])
        XCTAssertNotNil(backups.overdueStates()["a:Files"])
        files.expectedInterval = ScheduleInterval("12h")!
        try await backups.saveSettings(["a:Files": files])
        XCTAssertNil(backups.overdueStates()["a:Files"])

        _ = try await backups.cleanup(endedBefore: nil)
        XCTAssertTrue(backups.allSettings().isEmpty)
        XCTAssertTrue(backups.overdueStates().isEmpty)
        await store.close()
    }

    /// The overdue check and a password update read before they write: a job or server deleted
    /// between the two gets no record back, and a reset between the two is not undone.
    func testRecordsOfJobsDeletedOrResetMeanwhileAreNotWritten() async throws {
        let directory = TestDataDirectory.make("records-late", for: self)
        let (store, backups) = try open(directory)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        for (server, job) in [("a", "Files"), ("a", "Mail"), ("a", "Docs"), ("b", "Files")] {
            _ = try await backups.ingest(AdminFleet.run(server, server, job, begin: base), receivedAt: base)
        }
        let old = OverdueStateRecord.State(lastNotificationSent: base, lastOverdueCheck: base)
        let new = OverdueStateRecord.State(lastNotificationSent: base + 1000, lastOverdueCheck: base + 1000)
        try await backups.saveOverdueStates(["a:Files": old, "a:Docs": old], replacing: [:])
        let read = backups.overdueStates()
        XCTAssertEqual(read.keys.sorted(), ["a:Docs", "a:Files"])

        // Meanwhile: a job and a server go, a job's schedule changes (which resets its record).
        _ = try await backups.deleteJob(serverId: "a", backupName: "Mail")
        _ = try await backups.deleteServer(id: "b")
        var docs = try XCTUnwrap(backups.allSettings()["a:Docs"])
        docs.expectedInterval = ScheduleInterval("12h")!
        try await backups.saveSettings(["a:Docs": docs])

        try await backups.saveOverdueStates(["a:Files": new, "a:Mail": new, "a:Docs": new, "b:Files": new], replacing: read)
        XCTAssertEqual(backups.overdueStates(), ["a:Files": new])

        // Clearing the timestamps meanwhile is kept too.
        let cleared = try await backups.clearOverdueTimestamps()
        XCTAssertEqual(cleared, 1)
        try await backups.saveOverdueStates(["a:Files": old], replacing: ["a:Files": new])
        XCTAssertEqual(backups.overdueStates(), [:])

        let secret = SealedSecret(sealed: "v1:test")
        let savedForDeleted = try await backups.savePassword(secret, ofServer: "b")
        XCTAssertFalse(savedForDeleted)
        let savedForKnown = try await backups.savePassword(secret, ofServer: "a")
        XCTAssertTrue(savedForKnown)
        XCTAssertEqual(backups.serverIdsWithPasswords(), ["a"])
        await store.close()
    }

    /// Overdue records and passwords saved while their server is deleted: each write waits for the
    /// delete's turn to end, so none lands between the delete's reads and its write. Without the
    /// queue, records of the deleted server were left in some rounds.
    func testRecordsSavedDuringADeleteOfTheirServerGoWithIt() async throws {
        let directory = TestDataDirectory.make("records-race", for: self)
        var options = StoreOptions.duplistatus(directory: directory)
        options.fsync = .none
        let store = try FlatStore.open(options, schema: .duplistatus)
        let backups = BackupStore(store: store)
        let base = AdminFleet.ms("2025-01-01T02:00:00Z")
        let secret = SealedSecret(sealed: "v1:test")
        for round in 0..<40 {
            let begin = base + Int64(round) * 1_000_000
            for job in 0..<4 {
                _ = try await backups.ingest(AdminFleet.run("s", "s", "Job \(job)", begin: begin + Int64(job)), receivedAt: begin)
            }
            let read = backups.overdueStates()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for job in 0..<4 {
                    group.addTask {
                        for number in 0..<6 {
                            let state = OverdueStateRecord.State(lastNotificationSent: nil, lastOverdueCheck: begin + Int64(number))
                            try await backups.saveOverdueStates(["s:Job \(job)": state], replacing: read)
                            _ = try await backups.savePassword(secret, ofServer: "s")
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<(round % 8) { await Task.yield() }
                    _ = try await backups.deleteServer(id: "s")
                }
                try await group.waitForAll()
            }
            let (states, passwords) = store.read { view in
                (view.all(OverdueStateRecord.self).map(\.key), view.all(ServerPasswordRecord.self).map(\.key))
            }
            XCTAssertEqual(states, [], "round \(round)")
            XCTAssertEqual(passwords, [], "round \(round)")
        }
        await store.close()
    }
}
