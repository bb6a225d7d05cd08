import FlatStore
import Foundation
import XCTest

@testable import Server

/// Views that write their own JSON give exactly the bytes `APIJSON.encoder()` gives for them, on a
/// fleet of real Duplicati reports with awkward user text, and in every envelope shape.
final class APIJSONWritingTests: XCTestCase {
    private func assertSameBytes<Payload: APIJSONWritable>(
        _ envelope: APIEnvelope<Payload>,
        _ name: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let written = try XCTUnwrap(try envelope.writtenDirectly(), name, file: file, line: line)
        let encoded = try APIJSON.encoder().encode(envelope)
        XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: encoded, as: UTF8.self), name, file: file, line: line)
    }

    func testDashboardAndSummaryWriteTheEncodersBytes() async throws {
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: TestDataDirectory.make("writing", for: self)), schema: .duplistatus)
        let backups = BackupStore(holder: StoreHolder(store))
        let now = AdminFleet.ms("2026-01-01T00:00:00Z")

        let empty = try backups.overview(now: now)
        try assertSameBytes(APIEnvelope(status: .success, data: DashboardView(empty)), "empty dashboard")
        try assertSameBytes(APIEnvelope(status: .success, data: FleetSummaryView(empty.summary)), "empty summary")

        let samples = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-reports").standardizedFileURL.path
        )
        var runs: [ParsedRun] = []
        for name in samples.sorted() where name.hasSuffix(".json") {
            guard let run = ReportParsing.parse(try Fixtures.realSample(name)).run else { continue }
            _ = try await backups.ingest(run, receivedAt: now)
            runs.append(run)
        }
        XCTAssertGreaterThanOrEqual(runs.count, 5)
        // Runs a year before `now` make their job overdue; fractional durations, error statuses.
        let base = now - 365 * 86_400_000
        for index in 0..<4 {
            let status: ParsedRun.Status = index == 3 ? .error : .warning
            let begin = base + Int64(index) * 86_400_000
            _ = try await backups.ingest(
                AdminFleet.run("s-2", "nas \"β\"/2", "Files\\Mail", begin: begin, status: status, seconds: 61.25),
                receivedAt: now
            )
        }
        let awkward = "quote \" backslash \\ slash / tab \t newline \n control \u{1} emoji 🗄 é"
        _ = try await backups.updateServer(id: "s-2", changes: .init(alias: awkward, note: "</script>\u{2028}"))

        var overview = try backups.overview(now: now)
        XCTAssertTrue(overview.servers.contains { $0.jobs.contains(where: \.verdict.isOverdue) })
        var withoutJobs = try XCTUnwrap(overview.servers.first)
        withoutJobs.server.id = "no-jobs"
        withoutJobs.jobs = []
        overview.servers.append(withoutJobs)
        try assertSameBytes(APIEnvelope(status: .success, data: DashboardView(overview)), "dashboard")
        try assertSameBytes(APIEnvelope(status: .success, data: FleetSummaryView(overview.summary)), "summary")
        try assertSameBytes(APIEnvelope(status: .success, data: FleetSummaryView(overview.summary), message: "a \"message\""), "message")
        try assertSameBytes(
            APIEnvelope(status: .error, error: "ServiceUnavailable", data: FleetSummaryView(overview.summary), message: "down"),
            "error with data"
        )
        // Details are written by the encoder.
        XCTAssertNil(try APIEnvelope(status: .error, data: FleetSummaryView(overview.summary), details: ["a": .string("b")]).writtenDirectly())
        // So are envelopes without a payload, and payloads that cannot write themselves.
        XCTAssertNil(try APIEnvelope<FleetSummaryView>(status: .error, error: "ServiceUnavailable").writtenDirectly())
        XCTAssertNil(try APIEnvelope(status: .success, data: NoPayload()).writtenDirectly())
    }

    func testHistoryPagesWriteTheEncodersBytes() throws {
        var runs: [ParsedRun] = []
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("").path).filter { $0.hasSuffix(".json") }
        for name in fixtures.sorted() {
            if let run = ReportParsing.parse(try Fixtures.bytes(name)).run { runs.append(run) }
        }
        let samples = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-reports").standardizedFileURL.path
        )
        for name in samples.sorted() where name.hasSuffix(".json") {
            if let run = ReportParsing.parse(try Fixtures.realSample(name)).run { runs.append(run) }
        }
        XCTAssertGreaterThanOrEqual(runs.count, 12)
        var awkward = try XCTUnwrap(runs.first)
        awkward.duplicatiBackupId = "DB-7"
        awkward.duplicatiVersion = "2.0.8.1_beta_2024-05-07"
        awkward.backupName = "Files \"β\" / \u{1}"
        awkward.durationSeconds = 0.1 + 0.2
        awkward.backend.lastBackupDate = 1_752_458_400_000
        awkward.availableVersions = [1_752_458_400_000, 1_752_372_000_123]
        runs.append(awkward)
        var bare = awkward
        bare.duplicatiBackupId = nil
        bare.duplicatiVersion = nil
        bare.backend.lastBackupDate = nil
        bare.availableVersions = []
        runs.append(bare)

        let page = RunHistoryPageView(total: runs.count + 7, page: 2, pageSize: 50, items: runs.map(BackupRunView.init))
        try assertSameBytes(APIEnvelope(status: .success, data: page), "history page")
        try assertSameBytes(APIEnvelope(status: .success, data: RunHistoryPageView(total: 3, page: 9, pageSize: 1, items: [])), "empty page")
    }

    func testUploadReceiptsWriteTheEncodersBytes() throws {
        typealias Receipt = UploadController.Receipt
        let stored = Receipt(
            backupId: "a1b2:Files \"β\" / \u{1}:2025-10-02T03:00:43.000Z",
            serverId: "a1b2",
            serverName: "NAS ü",
            backupName: "Files \"β\" / \u{1}",
            status: "Warning"
        )
        try assertSameBytes(
            APIEnvelope(status: .success, data: stored, message: "Backup data uploaded successfully"),
            "stored"
        )
        try assertSameBytes(
            APIEnvelope(status: .success, data: Receipt(backupId: "x:y:z", duplicate: true), message: "Duplicate upload ignored"),
            "duplicate"
        )
        try assertSameBytes(APIEnvelope(status: .success, data: Receipt(backupId: "")), "bare")
    }
}
