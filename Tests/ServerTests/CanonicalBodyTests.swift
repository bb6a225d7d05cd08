import FlatStore
import Foundation
import XCTest

@testable import Server

/// The hand-written bodies of runs, their logs, servers' last contact and jobs' settings are byte
/// for byte what `JSONEncoder` writes with sorted keys (the store's default), and runs read back
/// as the same run.
final class CanonicalBodyTests: XCTestCase {
    private func encoded<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// The body the store writes for `record`: through the protocol, so a hand-written body whose
    /// signature drifted from the requirement (and left the encoder's default in its place) fails.
    private func storedBody<Record: StoreRecord>(_ record: Record) throws -> [UInt8] {
        try record.canonicalBody()
    }

    private func assertSameBody(
        _ run: ParsedRun,
        _ name: String,
        readsBackEqual: Bool = true,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let body = try storedBody(run)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), String(decoding: try encoded(run), as: UTF8.self), name, file: file, line: line)
        if readsBackEqual {
            XCTAssertEqual(try JSONDecoder().decode(ParsedRun.self, from: Data(body)), run, name, file: file, line: line)
        }
        XCTAssertEqual(try ParsedRun(storedBody: body), try JSONDecoder().decode(ParsedRun.self, from: Data(body)), name, file: file, line: line)
        XCTAssertNotNil(ParsedRun(canonical: try ReportJSONParser.parse(body)), "read without the decoder: \(name)", file: file, line: line)
        let logs = RunLogRecord(id: run.id, logs: run.logs)
        XCTAssertEqual(try storedBody(logs), try encoded(logs), name, file: file, line: line)
    }

    func testEverySampleReportWritesTheEncodersBytes() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("").path).filter { $0.hasSuffix(".json") }
        let samples = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-reports").standardizedFileURL.path
        )
        var runs = 0
        for name in fixtures.sorted() {
            guard let run = ReportParsing.parse(try Fixtures.bytes(name)).run else { continue }
            try assertSameBody(run, name)
            runs += 1
        }
        for name in samples.sorted() where name.hasSuffix(".json") {
            guard let run = ReportParsing.parse(try Fixtures.realSample(name)).run else { continue }
            try assertSameBody(run, name)
            runs += 1
        }
        XCTAssertGreaterThanOrEqual(runs, 12)
    }

    func testEveryFieldAndAwkwardValuesWriteTheEncodersBytes() throws {
        var run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-fatal-2.1.0.5.json"))
        run.duplicatiBackupId = "DB-7"
        run.duplicatiVersion = "2.0.8.1_beta_2024-05-07"
        run.exception = "System.IO.IOException: \"disk\" full\r\n\tat C:\\Duplicati\u{1}\u{1f}"
        run.durationSeconds = 5
        run.backend.lastBackupDate = 1_752_458_400_000
        run.logs.order = "MWE"
        run.logs.warnings = ["naïve / \u{7f} 😀", ""]
        run.extra["é"] = "e"
        run.extra["Z"] = "upper"
        run.extra["a10"] = "numeric-looking"
        run.raw["Nested"] = .object([
            "b": .array([.null, .bool(true), .bool(false), .int(Int64.min), .double(0.1), .double(1e20)]),
            "A": .object([:]), "_": .array([]), "ü": .string("\u{2028}"),
        ])
        try assertSameBody(run, "every field")
        // Integral doubles are written as integers (as JSONEncoder does), so they read back as `.int`.
        run.raw["Integral"] = .array([.double(-0.0), .double(100), .double(1e15)])
        try assertSameBody(run, "integral doubles", readsBackEqual: false)

        run.durationSeconds = .nan
        XCTAssertThrowsError(try run.canonicalBody())
    }

    func testServerSeenRecordWritesTheEncodersBytes() throws {
        for (id, lastSeen) in [("a1b2c3", Int64(1_764_547_200_123)), ("naïve \"id\" / \u{1}", 0), ("Z", 253_402_300_799_999)] {
            let record = ServerSeenRecord(id: id, lastSeen: lastSeen)
            XCTAssertEqual(
                String(decoding: try storedBody(record), as: UTF8.self),
                String(decoding: try encoded(record), as: UTF8.self)
            )
        }
    }

    func testJobSettingsRecordWritesTheEncodersBytes() throws {
        var settings = BackupSettings.defaults(firstRun: 1_764_460_800_000)
        var records = [JobSettingsRecord(key: "a1b2c3:Documents", settings)]
        settings.notificationEvent = .all
        settings.ntfyEnabled = false
        settings.webhookEnabled = false
        settings.expectedInterval = try XCTUnwrap(ScheduleInterval("2W3D12h"))
        settings.allowedWeekDays = [6, 0, 3]
        settings.time = 1_764_547_200_123
        settings.scheduleConfigured = true
        records.append(JobSettingsRecord(key: "naïve \"id\" / \u{1}:Job", settings))
        settings.emailEnabled = false
        settings.overdueBackupCheckEnabled = false
        settings.allowedWeekDays = []
        settings.time = 0
        records.append(JobSettingsRecord(key: "Z:", settings))
        for record in records {
            XCTAssertEqual(
                String(decoding: try storedBody(record), as: UTF8.self),
                String(decoding: try encoded(record), as: UTF8.self)
            )
        }
    }

    func testOlderAndUnexpectedBodiesReadAsTheDecoderReadsThem() throws {
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))
        guard case .object(var body) = try ReportJSONParser.parse(try run.canonicalBody()) else { return XCTFail("not an object") }
        func bytes(_ members: ReportObject) throws -> [UInt8] {
            var json = CanonicalJSONWriter()
            try ReportJSON.object(members).write(to: &json)
            return json.bytes
        }
        // Bodies written before times were ISO text held epoch milliseconds, and no log order.
        body["beginTime"] = .int(run.beginTime)
        body["availableVersions"] = .array(run.availableVersions.map { .int($0) })
        if case .object(var logs)? = body["logs"] {
            logs["order"] = nil
            body["logs"] = .object(logs)
        }
        let older = try bytes(body)
        XCTAssertEqual(try ParsedRun(storedBody: older), try JSONDecoder().decode(ParsedRun.self, from: Data(older)))
        XCTAssertEqual(try ParsedRun(storedBody: older).beginTime, run.beginTime)
        XCTAssertNil(try ParsedRun(storedBody: older).logs.order)

        // A member of another type is not guessed at: the decoder's answer (here, an error) stands.
        body["fileCount"] = .string("12")
        XCTAssertThrowsError(try ParsedRun(storedBody: try bytes(body)))
        XCTAssertThrowsError(try ParsedRun(storedBody: Array("{\"id\":".utf8)))
    }
}
