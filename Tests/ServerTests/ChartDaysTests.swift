import FlatStore
import Foundation
import XCTest

@testable import Server

/// The per-job day aggregates behind every chart (`ChartDays`) against a scan of the runs, through
/// every write path: uploads out of order, deleting runs (a day's last and a day's only run), a
/// job, replacing runs in place and across jobs, merging servers, cleanup, and reopening.
final class ChartDaysTests: XCTestCase {
    func testDayAggregatesAnswerAsTheScanThroughEveryWritePath() async throws {
        let directory = TestDataDirectory.make("chart-days", for: self)
        let fleet = try ChartDaysFleet()
        var runs: [ParsedRun] = []
        for machine in 0..<3 {
            for job in 0..<2 {
                for index in 0..<30 { runs.append(try fleet.run(machine: machine, job: job, index: index)) }
            }
        }
        // Imports arrive out of order: a fixed shuffle.
        var generator = SplitMix(seed: 12)
        runs.shuffle(using: &generator)
        var store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        var backups = BackupStore(store: store)
        for run in runs { _ = try await backups.ingest(run, receivedAt: ReportParsing.now) }
        try ChartDaysFleet.assertAgree(backups, "after uploads")

        // The last run of a day with three runs, then a day's only remaining runs one by one.
        let sorted = runs.filter { $0.serverId == "machine-0" && $0.backupName == "Job 0" }.sorted { $0.beginTime < $1.beginTime }
        let byDay = Dictionary(grouping: sorted) { ChartBucket.day(of: $0.beginTime) }
        let crowded = try XCTUnwrap(byDay.values.filter { $0.count == 3 }.min { $0[0].beginTime < $1[0].beginTime })
        _ = try await backups.deleteRun(id: crowded[2].id)
        try ChartDaysFleet.assertAgree(backups, "after deleting a day's last run")
        _ = try await backups.deleteRun(id: crowded[0].id)
        _ = try await backups.deleteRun(id: crowded[1].id)
        try ChartDaysFleet.assertAgree(backups, "after emptying a day")
        let deletedJobRuns = try await backups.deleteJob(serverId: "machine-2", backupName: "Job 1")
        XCTAssertEqual(deletedJobRuns, 30)
        try ChartDaysFleet.assertAgree(backups, "after deleting a job")

        // A run rewritten under its id with another begin time (another day), one moved to another
        // job, and a twin stored under a new id with the begin time of a stored run (a tie the
        // index breaks by order of storing): the index moves them, and so must the days.
        var moved = try XCTUnwrap(try backups.run(sorted[10].id))
        moved.beginTime -= 30 * ChartDaysFleet.hour
        moved.fileCount += 5
        var renamed = try XCTUnwrap(try backups.run(sorted[20].id))
        renamed.backupName = "Job 1"
        var twin = sorted[15]
        twin.id = "twin-of-run-15"
        twin.fileCount = 1
        twin.uploadedSize += 1
        var batch = WriteBatch()
        try batch.put(moved)
        try batch.put(renamed)
        try batch.put(twin)
        try await store.write(batch)
        try ChartDaysFleet.assertAgree(backups, "after rewriting runs")

        let target = try XCTUnwrap(backups.server("machine-0"))
        let source = try XCTUnwrap(backups.server("machine-1"))
        let merged = try await backups.mergeServers(into: target, from: [source])
        XCTAssertEqual(merged.movedRuns, 60)
        try ChartDaysFleet.assertAgree(backups, "after merging servers")
        let cleaned = try await backups.cleanup(endedBefore: ChartDaysFleet.base + 4 * 24 * ChartDaysFleet.hour + 7 * ChartDaysFleet.hour)
        XCTAssertGreaterThan(cleaned.deletedRuns, 20)
        try ChartDaysFleet.assertAgree(backups, "after cleanup")

        // Reopened, the days are rebuilt from the snapshot and log: the same as kept on every write.
        let kept = ChartDaysFleet.days(store)
        await store.close()
        store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        backups = BackupStore(store: store)
        XCTAssertEqual(ChartDaysFleet.days(store), kept)
        try ChartDaysFleet.assertAgree(backups, "after reopening")
        await store.close()
    }

    func testDurationsSumExactlyWhateverTheOrder() {
        // 0.1 s + 0.2 s is 0.30000000000000004 in binary floating point; in ticks it is 0.3.
        var day = ChartDay(Self.run(begin: 1_000, seconds: 0.1))
        day.add(Self.run(begin: 2_000, seconds: 0.2))
        XCTAssertEqual(ChartPoint(bucketStart: 0, lastRunTime: 0, durationTicks: day.durationTicks).durationSeconds, 0.3)
        XCTAssertEqual(ChartPoint.ticks(seconds: .nan), 0)
        XCTAssertEqual(ChartPoint.ticks(seconds: 1e300), 0)
        XCTAssertEqual(ChartPoint.ticks(seconds: 51.3856057), 513_856_057)
    }

    func testRangesSplitIntoPartialAndWholeDays() {
        let day = ChartBucket.dayMilliseconds
        XCTAssertEqual(ChartDaySpan(ChartRange(start: 0, end: 3 * day - 1)), ChartDaySpan(head: nil, wholeDays: 0...2, tail: nil))
        XCTAssertEqual(
            ChartDaySpan(ChartRange(start: 5, end: 3 * day)),
            ChartDaySpan(head: 5...(day - 1), wholeDays: 1...2, tail: (3 * day)...(3 * day))
        )
        XCTAssertEqual(ChartDaySpan(ChartRange(start: 5, end: 10)), ChartDaySpan(head: 5...10, wholeDays: nil, tail: nil))
        XCTAssertEqual(ChartDaySpan(ChartRange(start: -5, end: 5)), ChartDaySpan(head: -5...(-1), wholeDays: nil, tail: 0...5))
        XCTAssertEqual(ChartDaySpan(ChartRange(start: .min, end: .max)).wholeDays?.lowerBound, -ChartDaySpan.limit / day)
    }

    /// A run with only a begin time and a duration.
    static func run(begin: Int64, seconds: Double) -> RunSummary {
        RunSummary(
            beginTime: begin,
            endTime: begin,
            durationSeconds: seconds,
            fileCount: 0,
            fileSize: 0,
            uploadedSize: 0,
            storageSize: 0,
            versions: 0,
            warnings: 0,
            errors: 0,
            messages: 0,
            status: .success
        )
    }
}

/// A small seeded generator (SplitMix64), so a shuffle is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE5_E4B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
