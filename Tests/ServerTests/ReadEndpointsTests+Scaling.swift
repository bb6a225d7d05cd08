import FlatStore
import Foundation
import XCTest

@testable import Server

/// `summary` and `dashboard` must cost in proportion to jobs, never to runs.
///
/// Counting index entries touched would need a hook in FlatStore; instead the same 10 jobs are
/// timed with 50 and with 5,000 runs each, against a scan of every run as the yardstick that
/// does grow with runs, so the test is shown able to tell the two apart.
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
        let outcome = UploadParser.parse(body: Array(seed.body.readableBytesView), contentType: "application/json")
        guard case .run(let template) = outcome else { throw SeedFailure(outcome: "\(outcome)") }
        let statuses: [ParsedRun.Status] = [.success, .warning, .success, .error]
        // The run and server records `ingest` writes (logs are left out: no read here touches them),
        // a thousand runs to a batch, which keeps seeding 50,000 runs quick.
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

    /// The fastest of `repeats` timings of `work`, in nanoseconds; the minimum filters out the
    /// scheduling noise of a shared machine.
    static func fastest(_ repeats: Int, _ work: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<repeats {
            let elapsed = clock.measure { for _ in 0..<5 { work() } }.components
            best = min(best, Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) / 1e9)
        }
        return best
    }

    /// Timings of summary, dashboard and a full scan of the server's runs on one store.
    static func timings(_ backups: BackupStore, now: Int64) -> (summary: Double, dashboard: Double, scan: Double) {
        let summary = fastest(20) { _ = backups.summary(jobs: backups.jobs(now: now), now: now) }
        let dashboard = fastest(20) { _ = backups.dashboard(now: now) }
        let scan = fastest(20) {
            _ = backups.store.read { view in
                view.scan(ParsedRun.self, index: ParsedRun.byServer, partition: "scale", where: { $0.uploadedSize < 0 }).total
            }
        }
        return (summary, dashboard, scan)
    }

    func testSummaryAndDashboardCostGrowsWithJobsNotRuns() async throws {
        let (smallStore, small) = try await Self.scaledStore(dataDirectory + "/small", jobs: 10, runsPerJob: 50)
        let (largeStore, large) = try await Self.scaledStore(dataDirectory + "/large", jobs: 10, runsPerJob: 5_000)
        let now: Int64 = 1_700_000_000_000 + 5_000 * 3_600_000

        let summary = large.summary(jobs: large.jobs(now: now), now: now)
        XCTAssertEqual(summary.totalBackupRuns, 50_000)
        XCTAssertEqual(summary.totalBackupJobs, 10)
        XCTAssertEqual(summary.totalUploadedSize, 50_000)
        // Run 4,999 of each job is the newest: index 4999 % 4 == 3, an Error.
        XCTAssertEqual(summary.failedBackups, 10)
        let jobs = large.jobs(now: now)
        XCTAssertEqual(jobs.map(\.runCount), Array(repeating: 5_000, count: 10))
        XCTAssertEqual(jobs[0].recentStatuses.count, 10)
        XCTAssertEqual(large.dashboard(now: now).servers.first?.backups.count, 10)

        // Warm both stores' caches before timing.
        _ = Self.timings(small, now: now)
        _ = Self.timings(large, now: now)
        let few = Self.timings(small, now: now)
        let many = Self.timings(large, now: now)
        let report =
            "ns per 5 calls, 500 vs 50,000 runs: summary \(few.summary) vs \(many.summary), "
            + "dashboard \(few.dashboard) vs \(many.dashboard), full scan \(few.scan) vs \(many.scan)"
        XCTAssertLessThan(many.summary / few.summary, 5, report)
        XCTAssertLessThan(many.dashboard / few.dashboard, 5, report)
        // The yardstick: work that does visit every run grows far more, so the bound above means something.
        XCTAssertGreaterThan(many.scan / few.scan, 20, report)
        print(report)
        await smallStore.close()
        await largeStore.close()
    }
}

/// The template run of the scaling test could not be built.
private struct SeedFailure: Error {
    /// What the parser answered instead.
    let outcome: String
}
