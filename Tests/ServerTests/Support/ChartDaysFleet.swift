import FlatStore
import Foundation
import XCTest

@testable import Server

/// Runs made from the real Duplicati sample with several runs a day on several machines and jobs,
/// fractional durations and changing figures, and the comparison of the day aggregates with a scan.
struct ChartDaysFleet: @unchecked Sendable {
    /// 2025-03-27T00:00:00Z: the runs cross a week and a month boundary.
    static let base: Int64 = 1_743_033_600_000
    /// An hour in milliseconds.
    static let hour: Int64 = 3_600_000

    private let report: [String: Any]

    /// Reads the real sample.
    init() throws {
        report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(RealReports.sampleName))) as? [String: Any])
    }

    /// Run `index` of job `job` on machine `machine`: every 9 hours (so two or three a day),
    /// offset per machine and job, with figures that change from run to run.
    func run(machine: Int, job: Int, index: Int) throws -> ParsedRun {
        let begin = Self.base + Int64(index) * 9 * Self.hour + Int64(machine * 17 + job * 5) * 60_000 + Int64(index % 7) * 123
        let seconds = 40 + (index * 37 + machine * 11 + job) % 500
        var body = report
        var extra = body["Extra"] as? [String: Any] ?? [:]
        extra["machine-id"] = "machine-\(machine)"
        extra["machine-name"] = "Machine \(machine)"
        extra["backup-name"] = "Job \(job)"
        extra["backup-id"] = "DB-\(job)"
        body["Extra"] = extra
        var data = body["Data"] as? [String: Any] ?? [:]
        data["BeginTime"] = ReportTimestamp.isoString(epochMilliseconds: begin)
        data["EndTime"] = ReportTimestamp.isoString(epochMilliseconds: begin + Int64(seconds) * 1000)
        data["Duration"] = String(format: "00:%02d:%02d.%07d", seconds / 60, seconds % 60, (index * 3_856_057 + job) % 10_000_000)
        data["ExaminedFiles"] = 15_000 + index * 3 + machine
        data["SizeOfExaminedFiles"] = 11_086_692_615 + index * 1_000 + job
        var backend = data["BackendStatistics"] as? [String: Any] ?? [:]
        backend["BytesUploaded"] = 8_290_314 + (index * 7_919 + job * 13) % 100_000
        backend["KnownFileSize"] = 9_920_312_634 + index * 10_000
        backend["BackupListCount"] = 1 + index % 9
        data["BackendStatistics"] = backend
        body["Data"] = data
        return try ReportParsing.run(Array(try JSONSerialization.data(withJSONObject: body)))
    }

    /// The ranges checked: everything, ranges that begin and end mid-day, one partial day, one whole
    /// day, two adjacent partial days, a range ending on a midnight, and one before every run.
    static let ranges: [ChartRange] = [
        ChartRange(start: base - 400 * 24 * hour, end: base + 400 * 24 * hour),
        ChartRange(start: base + 5 * hour + 180_000, end: base + 8 * 24 * hour + 13 * hour),
        ChartRange(start: base + 52 * hour, end: base + 68 * hour),
        ChartRange(start: base + 48 * hour, end: base + 72 * hour - 1),
        ChartRange(start: base + 60 * hour, end: base + 84 * hour),
        ChartRange(start: base + 24 * hour, end: base + 96 * hour),
        ChartRange(start: base - 48 * hour, end: base - 1),
    ]

    /// The filters checked: the fleet, one server, one backup name, one job, an unknown server.
    static let filters: [(String?, String?)] = [(nil, nil), ("machine-0", nil), (nil, "Job 1"), ("machine-1", "Job 0"), ("nobody", nil)]

    /// Asserts that the day aggregates answer every range, bucket and filter as the scan of the
    /// runs does, and that they answer something (so the comparison is not between two empties).
    static func assertAgree(_ backups: BackupStore, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var points = 0
        for range in ranges {
            for bucket in ChartBucket.allCases {
                for (serverId, backupName) in filters {
                    let fromDays = try backups.chartPoints(serverId: serverId, backupName: backupName, range: range, bucket: bucket)
                    let fromRuns = try backups.chartPointsByScanning(serverId: serverId, backupName: backupName, range: range, bucket: bucket)
                    let context = "\(label): \(bucket) \(serverId ?? "*"):\(backupName ?? "*") \(range.start - base)...\(range.end - base)"
                    XCTAssertEqual(fromDays, fromRuns, context, file: file, line: line)
                    points += fromRuns.count
                }
            }
        }
        XCTAssertGreaterThan(points, 40, "\(label): the ranges hold runs", file: file, line: line)
    }

    /// Every non-empty job's days, by job key.
    static func days(_ store: FlatStore) -> [String: [ChartDay]] {
        let jobs = store.read { $0.aggregate(ChartDays.self)?.jobs ?? [] }
        return Dictionary(jobs.filter { !$0.days.isEmpty }.map { ($0.key, $0.days) }, uniquingKeysWith: { first, _ in first })
    }
}
