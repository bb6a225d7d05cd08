import FlatStore
import Foundation
import XCTest

@testable import Server

/// `summary` and `dashboard` must cost in proportion to jobs, never to runs.
///
/// FlatStore counts the index entries every read hands out (`indexEntriesRead`); the same 10 jobs
/// with 50 and with 10,000 runs each (100,000 in all) must cost the same number, while a scan of every run — the
/// yardstick — grows with the runs. Counting, not timing, so a busy machine cannot fail it.
extension ReadEndpointsTests {
    /// A store of `jobs` jobs on one server with `runsPerJob` runs each, stored as uploads store them.
    static func scaledStore(_ directory: String, jobs: Int, runsPerJob: Int) async throws -> (FlatStore, BackupStore) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var options = StoreOptions(directory: directory)
        options.fsync = .none
        options.backgroundMaintenance = false
        options.snapshotOnClose = false
        let store = try FlatStore.open(options, schema: .duplistatus)
        let backups = BackupStore(store: store)
        let seed = GenericRun(
            serverName: "scale",
            serverId: "scale",
            backup: "job",
            status: "success",
            begin: 1_700_000_000_000,
            duration: 60,
            uploaded: 1
        )
        let outcome = UploadParser.parse(body: Array(seed.body.readableBytesView), contentType: "application/json", now: 1_700_000_000_000)
        guard case .run(let template) = outcome else { throw SeedFailure(outcome: "\(outcome)") }
        let statuses: [ParsedRun.Status] = [.success, .warning, .success, .error]
        // The run and server records `ingest` writes (logs are left out: no read here touches them),
        // a thousand runs to a batch, which keeps seeding 100,000 runs quick.
        var batch = WriteBatch()
        try batch.put(ServerRecord(id: "scale", name: "scale", firstSeen: template.endTime, lastSeen: template.endTime))
        for job in 0..<jobs {
            for index in 0..<runsPerJob {
                var run = template
                run.backupName = "job-\(job)"
                run.beginTime = template.beginTime + Int64(index) * 3_600_000
                run.endTime = run.beginTime + 60_000
                run.status = statuses[index % statuses.count]
                run.id = RunIdentity.runId(serverId: run.serverId, backupName: run.backupName, beginTime: run.beginTime)
                try batch.put(run)
                if (job * runsPerJob + index) % 1_000 == 999 {
                    try await store.write(batch)
                    batch = WriteBatch()
                }
            }
        }
        try await store.write(batch)
        return (store, backups)
    }

    /// Index entries read by `work` on `store`.
    static func entriesRead(_ store: FlatStore, _ work: () throws -> Void) rethrows -> Int {
        let before = store.statistics().indexEntriesRead
        try work()
        return store.statistics().indexEntriesRead - before
    }

    /// Entries read by summary, dashboard and a full scan of the server's runs on one store, each
    /// from a domain store whose job states are not kept yet (`StoreVersionCache`).
    static func costs(_ store: FlatStore, now: Int64) throws -> (summary: Int, dashboard: Int, scan: Int) {
        let summary = try entriesRead(store) {
            _ = try BackupStore(store: store).fleetSummary(now: now)
        }
        let dashboard = try entriesRead(store) { _ = try BackupStore(store: store).overview(now: now) }
        let scan = try entriesRead(store) {
            _ = try store.read { view in
                try view.scanRuns(ofServer: "scale", where: { $0.uploadedSize < 0 }).total
            }
        }
        return (summary, dashboard, scan)
    }

    func testSummaryAndDashboardCostGrowsWithJobsNotRuns() async throws {
        let (smallStore, small) = try await Self.scaledStore(dataDirectory + "/small", jobs: 10, runsPerJob: 50)
        let (largeStore, large) = try await Self.scaledStore(dataDirectory + "/large", jobs: 10, runsPerJob: 10_000)
        let now: Int64 = 1_700_000_000_000 + 10_000 * 3_600_000

        let summary = try large.fleetSummary(now: now)
        XCTAssertEqual(summary.runs, 100_000)
        XCTAssertEqual(summary.jobs, 10)
        XCTAssertEqual(summary.uploadedSize, 100_000)
        // Run 9,999 of each job is the newest: index 9999 % 4 == 3, an Error.
        XCTAssertEqual(summary.latestStatuses.failed, 10)
        let jobs = try large.jobs(now: now)
        XCTAssertEqual(jobs.map(\.runCount), Array(repeating: 10_000, count: 10))
        XCTAssertEqual(jobs[0].recentStatuses.count, 10)
        XCTAssertEqual(try large.overview(now: now).servers.first?.jobs.count, 10)

        let few = try Self.costs(smallStore, now: now)
        let many = try Self.costs(largeStore, now: now)
        // Until the next write, the states are kept: a later clock reads nothing at all.
        XCTAssertEqual(try Self.entriesRead(largeStore) { _ = try large.jobs(now: now + 3_600_000) }, 0)
        XCTAssertEqual(try Self.entriesRead(smallStore) { _ = try small.jobs(now: now) }, 110, "the first read builds them")
        // Per job: its 10 newest runs and its oldest (the schedule anchor); plus the server records.
        XCTAssertEqual(many.summary, few.summary)
        XCTAssertEqual(many.dashboard, few.dashboard)
        XCTAssertLessThanOrEqual(many.summary, 10 * 11 + 10)
        // The yardstick: a query that does visit every run reads a hundred times more.
        XCTAssertEqual(few.scan, 500)
        XCTAssertEqual(many.scan, 100_000)
        await smallStore.close()
        await largeStore.close()
    }
}

/// The template run of the scaling test could not be built.
private struct SeedFailure: Error {
    /// What the parser answered instead.
    let outcome: String
}
