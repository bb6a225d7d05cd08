import FlatStore
import XCTest

@testable import Server

/// The pure calendar and aggregation functions, and `BackupStore.chartSeries` without HTTP.
extension ChartDataTests {
    func testBucketStartsAreUTCDaysMondayWeeksAndCalendarMonths() {
        let ms = ChartFixture.ms
        let cases: [(ChartBucket, String, String)] = [
            (.day, "2024-03-20T23:59:59.999Z", "2024-03-20T00:00:00Z"),
            (.day, "1969-12-31T23:00:00Z", "1969-12-31T00:00:00Z"),
            (.week, "2024-03-18T00:00:00Z", "2024-03-18T00:00:00Z"),
            (.week, "2024-03-24T23:59:59.999Z", "2024-03-18T00:00:00Z"),
            (.week, "2021-01-01T12:00:00Z", "2020-12-28T00:00:00Z"),
            (.week, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z"),
            (.week, "1969-12-28T10:00:00Z", "1969-12-22T00:00:00Z"),
            (.month, "2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z"),
            (.month, "2023-12-31T23:59:59.999Z", "2023-12-01T00:00:00Z"),
            (.month, "1969-12-31T23:00:00Z", "1969-12-01T00:00:00Z"),
        ]
        for (bucket, instant, start) in cases {
            XCTAssertEqual(bucket.start(of: ms(instant)), ms(start), "\(bucket) \(instant)")
        }
        XCTAssertEqual(ChartBucket.utcDate(ms("2024-03-20T23:59:59Z")), "2024-03-20")
    }

    func testAggregationSumsFlowsTakesLastStateAndSumsAcrossJobs() {
        func run(_ begin: String, _ uploaded: Int64, _ files: Int64) -> RunSummary {
            RunSummary(
                beginTime: ChartFixture.ms(begin),
                endTime: 0,
                durationSeconds: Double(uploaded) / 2,
                fileCount: files,
                fileSize: files * 10,
                uploadedSize: uploaded,
                storageSize: files * 5,
                versions: Int32(files),
                warnings: 0,
                errors: 0,
                messages: 0,
                status: .success
            )
        }
        // Out of order and with a tie: the latest begin time wins, and on a tie the later one listed.
        let job = ChartAggregation.job(
            [run("2024-03-20T10:00:00Z", 4, 2), run("2024-03-20T01:00:00Z", 2, 1), run("2024-03-20T10:00:00Z", 6, 3)],
            bucket: .day
        )
        XCTAssertEqual(
            job,
            [
                ChartPoint(
                    bucketStart: ChartFixture.ms("2024-03-20T00:00:00Z"),
                    lastRunTime: ChartFixture.ms("2024-03-20T10:00:00Z"),
                    uploadedSize: 12,
                    durationTicks: 60_000_000,
                    fileCount: 3,
                    fileSize: 30,
                    storageSize: 15,
                    backupVersions: 3,
                    runs: 3
                )
            ]
        )
        let other = ChartAggregation.job([run("2024-03-20T11:00:00Z", 8, 7), run("2024-03-19T11:00:00Z", 1, 1)], bucket: .day)
        let total = ChartAggregation.combine([job, other])
        XCTAssertEqual(total.map(\.runs), [1, 4])
        XCTAssertEqual(total.map(\.uploadedSize), [1, 20])
        XCTAssertEqual(total.map(\.fileCount), [1, 10])
        XCTAssertEqual(total.map(\.backupVersions), [1, 10])
        XCTAssertEqual(total.map(\.durationSeconds), [0.5, 10])
        XCTAssertEqual(total.last?.lastRunTime, ChartFixture.ms("2024-03-20T11:00:00Z"))
        XCTAssertEqual(ChartAggregation.combine([]), [])
        let view = ChartPointView(total[1])
        XCTAssertEqual(view.durationMinutes, 0.17)
        XCTAssertEqual(view.isoDate.text, "2024-03-20T11:00:00.000Z")
        XCTAssertEqual(view.date, "2024-03-20")
    }

    /// The pages' charts of several jobs: a job without a run in a bucket counts with what it last
    /// had, so a daily job beside a weekly one does not make the total storage jump every week.
    func testThePagesChartsCarryEachJobsStatesForward() async throws {
        let runs =
            (1...14).map { day in ChartFixture.run("srv", "nas", "Daily", String(format: "2025-03-%02dT02:00:00Z", day), [60, 1, 10, 100, 300, 5]) }
            + [1, 8].map { day in ChartFixture.run("srv", "nas", "Weekly", String(format: "2025-03-%02dT03:00:00Z", day), [60, 2, 20, 200, 400, 3]) }
        try await ChartFixture.seed(dataDirectory, runs)
        let store = try FlatStore.open(StoreOptions(directory: dataDirectory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        let range = ChartRange(start: ChartFixture.ms("2025-03-01T00:00:00Z"), end: ChartFixture.ms("2025-03-14T23:59:59.999Z"))
        let api = try backups.chartPoints(serverId: "srv", backupName: nil, range: range, bucket: .day)
        XCTAssertEqual(api.map(\.storageSize), [700] + Array(repeating: 300, count: 6) + [700] + Array(repeating: 300, count: 6), "api.md §4")
        let page = try backups.chartPoints(serverId: "srv", backupName: nil, range: range, bucket: .day, carryingStates: true)
        XCTAssertEqual(page.map(\.storageSize), Array(repeating: 700, count: 14))
        XCTAssertEqual(page.map(\.fileCount), Array(repeating: 30, count: 14))
        XCTAssertEqual(page.map(\.backupVersions), Array(repeating: 8, count: 14))
        XCTAssertEqual(page.map(\.uploadedSize), api.map(\.uploadedSize), "flows are the buckets' own")
        XCTAssertEqual(page.map(\.runs), api.map(\.runs))
        // Before a job's first run it counts as nothing.
        XCTAssertEqual(ChartAggregation.carryingStates([], jobs: []), [])
        let first = ChartPoint(bucketStart: 0, lastRunTime: 0, storageSize: 5)
        let next = ChartPoint(bucketStart: 10, lastRunTime: 10, storageSize: 7)
        XCTAssertEqual(ChartAggregation.carryingStates([first, next], jobs: [[first], [next]]).map(\.storageSize), [5, 12])
        await store.close()
    }

    func testChartSeriesOnTheStoreFiltersByServerAndBackupName() async throws {
        try await ChartFixture.seed(dataDirectory, Self.runs)
        let store = try FlatStore.open(StoreOptions(directory: dataDirectory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        let range = ChartRange(start: ChartFixture.ms("2024-03-01T00:00:00Z"), end: ChartFixture.ms("2024-03-31T23:59:59.999Z"))
        // "Files" of every server in March: alpha a1–a4 (states a4) + beta b1.
        let files = try backups.chartPoints(serverId: nil, backupName: "Files", range: range, bucket: .month).map(ChartPointView.init)
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(files.first?.uploadedSize, 1750)
        XCTAssertEqual(files.first?.durationSeconds, 4000)
        XCTAssertEqual(files.first?.durationMinutes, 66.67)
        XCTAssertEqual(files.first?.fileCount, 113)
        XCTAssertEqual(files.first?.fileSize, 11300)
        XCTAssertEqual(files.first?.storageSize, 5650)
        XCTAssertEqual(files.first?.backupVersions, 11)
        XCTAssertEqual(files.first?.runs, 5)
        XCTAssertEqual(files.first?.isoDate.text, "2024-03-25T00:00:00.000Z")
        let alpha = try backups.chartPoints(serverId: "srv-a", backupName: nil, range: range, bucket: .month)
        XCTAssertEqual(alpha.map(\.runs), [7])
        XCTAssertEqual(try backups.chartPoints(serverId: "alpha", backupName: nil, range: range, bucket: .day), [])
        XCTAssertTrue(try backups.hasJob(serverId: "srv-a", backupName: "DB Dumps"))
        XCTAssertFalse(try backups.hasJob(serverId: "srv-b", backupName: "DB Dumps"))
        await store.close()
    }
}
