import Foundation
import XCTest

@testable import Server

/// The rules beneath the mapping: .NET TimeSpans, ISO and culture dates, retention lists, log
/// line prefixes, status derivation and run ids.
final class ReportFieldRuleTests: XCTestCase {
    private func iso(_ ms: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: ms)
    }

    private func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    func testTimeSpans() {
        XCTAssertEqual(DotNetTimeSpan.seconds("00:38:31.6120000"), 2311.612)
        XCTAssertEqual(DotNetTimeSpan.seconds("00:00:51.3856057"), 51.3856057)
        XCTAssertEqual(DotNetTimeSpan.seconds("1.02:03:04.5678901"), 93784.5678901)
        XCTAssertEqual(DotNetTimeSpan.seconds("1.02:03:04.5000000"), 93784.5, "Node read this as 3856.5")
        XCTAssertEqual(DotNetTimeSpan.ticks("-00:00:01.5"), -15_000_000)
        XCTAssertEqual(DotNetTimeSpan.seconds("00:00:00"), 0)
        XCTAssertEqual(DotNetTimeSpan.seconds("30:00:00"), 108_000)
        XCTAssertEqual(DotNetTimeSpan.display(seconds: 2311.612), "00:38:31")
        XCTAssertEqual(DotNetTimeSpan.ticks(" 0.23:0:5.25\r\n"), ((23 * 60) * 60 + 5) * 10_000_000 + 2_500_000)
        XCTAssertEqual(DotNetTimeSpan.seconds("1000000.00:00:00"), 86_400_000_000)
        XCTAssertEqual(DotNetTimeSpan.seconds("123456:00:00"), 444_441_600)
        for bad in [
            "", "abc", "1.25:00:00", "00:60:00", "00:00:60", "00:00:00.12345678", "1:2", "--00:00:01",
            "99999999.00:00:00", "00:00:00.", "+00:00:01", "0.24:00:00", "1000001.00:00:00", "1234567:00:00",
            "1.1234567:00:00", "00:00:01.5.3", "00:00:01x", "1.:00:00", ".5:00:00", "00:00:00:00", "1.2.3:00:00",
            "00:123:00", "00::00", "- 00:00:01", "00:00:01 .5",
        ] {
            XCTAssertNil(DotNetTimeSpan.ticks(bad), bad)
        }
    }

    func testReleaseNames() {
        XCTAssertEqual(DuplicatiReportMapper.releaseName("2.1.0.5 (2.1.0.5_stable_2025-03-04)"), "2.1.0.5_stable_2025-03-04")
        XCTAssertEqual(DuplicatiReportMapper.releaseName(" 2.0.8.1 ( 2.0.8.1_beta_2024-05-07 ) "), "2.0.8.1_beta_2024-05-07")
        XCTAssertEqual(DuplicatiReportMapper.releaseName("2.0.7.1 (Größe (x))"), "Größe (x)")
        for whole in ["2.0.7.1", "2.0.7.1 ()", "2.0.7.1 ) (", "2.0.7.1 (unclosed"] {
            XCTAssertEqual(DuplicatiReportMapper.releaseName(whole), whole)
        }
        // The parentheses are bytes: a combining mark after one does not hide it.
        XCTAssertEqual(DuplicatiReportMapper.releaseName("2.1 (x)\u{301}"), "x")
    }

    /// A member mapped once is not found by a second lossless read (as when mapping removed it),
    /// is still there for a read that keeps it, and stays out of the remainder.
    func testAMappedFieldIsNotFoundTwice() {
        var reader = ReportFieldReader(["a": .int(1), "b": .string("x"), "c": .null], path: "Data", latestPlausibleSeconds: .max)
        XCTAssertEqual(reader.integer("a"), 1)
        XCTAssertNil(reader.value("a"))
        XCTAssertEqual(reader.value("a", lossless: false), .int(1))
        XCTAssertEqual(reader.string("b", lossless: false), "x")
        XCTAssertEqual(reader.string("b", lossless: false), "x")
        XCTAssertNil(reader.value("c"))
        XCTAssertEqual(reader.remainder, ["b": .string("x")])
        XCTAssertTrue(reader.problems.isEmpty)
    }

    /// The marks of what was mapped hold for every member of an object larger than a word's 64
    /// bits; a nested reader names its problems by its whole path.
    func testMarksHoldForLargeObjectsAndNestedReadersNameTheirWholePath() {
        let names = (0..<150).map { String(format: "m%03d", $0) }
        let object = ReportObject(names.enumerated().map { ReportObject.Member($0.element, .int(Int64($0.offset))) })
        var reader = ReportFieldReader(object, path: "Data", latestPlausibleSeconds: .max)
        let mapped = names.indices.filter { $0 % 3 == 0 || $0 == 63 || $0 == 64 || $0 == 149 }
        for index in mapped { XCTAssertEqual(reader.integer(names[index]), Int64(index), names[index]) }
        for index in mapped { XCTAssertNil(reader.value(names[index]), "\(names[index]) is mapped once") }
        XCTAssertEqual(reader.remainder.keys, names.indices.filter { !mapped.contains($0) }.map { names[$0] })

        var nested = ReportFieldReader(["n": .string("x")], named: "BackendStatistics", in: reader)
        _ = nested.integer("n")
        XCTAssertEqual(nested.path, "Data.BackendStatistics")
        XCTAssertEqual(nested.problems.map(\.field), ["Data.BackendStatistics.n"])
        var top = ReportFieldReader(["Extra": .object([:])], path: "", latestPlausibleSeconds: .max)
        XCTAssertEqual(ReportFieldReader([:], named: "Extra", in: top).path, "Extra")
        _ = top.integer("Extra")
        XCTAssertEqual(top.problems.map(\.field), ["Extra"])
    }

    func testServerIdsWithoutSeparators() {
        XCTAssertTrue(RunIdentity.isUsableServerId("a3f9c2e1b8d74f60a5e2c9d8b7f61234"))
        XCTAssertTrue(RunIdentity.isUsableServerId("gen-0123abcd"))
        for id in ["nas:1", "nas/1", ":", "/", "nas:\u{301}1"] {
            XCTAssertFalse(RunIdentity.isUsableServerId(id), id)
        }
    }

    func testISODates() {
        func ms(_ text: String) -> String? { ReportTimestamp.parseISO(text).map { iso($0.epochMilliseconds) } }
        XCTAssertEqual(ms("2025-04-21T23:45:46.9712217Z"), "2025-04-21T23:45:46.971Z")
        XCTAssertEqual(ms("2025-04-21T23:45:46Z"), "2025-04-21T23:45:46.000Z")
        XCTAssertEqual(ms("2025-04-22T00:45:46+01:00"), "2025-04-21T23:45:46.000Z")
        XCTAssertEqual(ms("2023-09-06T10:36:09-05:00"), "2023-09-06T15:36:09.000Z")
        XCTAssertEqual(ms("2024-02-29T12:00:00.5+0530"), "2024-02-29T06:30:00.500Z")
        XCTAssertEqual(ms("2025-01-15"), "2025-01-15T00:00:00.000Z")
        XCTAssertEqual(ReportTimestamp.parseISO("2025-04-21T23:45:46.9712217Z")?.nanoseconds, 971_221_700)
        XCTAssertEqual(ReportTimestamp.parseISO("0001-01-01T00:00:00")?.isDotNetZero, true)
        XCTAssertEqual(iso(-1), "1969-12-31T23:59:59.999Z")
        for bad in [
            "2025-02-29T00:00:00Z", "2025-13-01", "2025-04-21T24:00:00Z", "2025-04-21T23", "20250421",
            "2025-04-21T23:45:46+25:00", "2025-04-21T23:45:46.Z", "2025-04-21T23:45:46Zjunk",
        ] {
            XCTAssertNil(ReportTimestamp.parseISO(bad), bad)
        }
    }

    /// Builds a retention line pair as Duplicati logs them, at `lineTime` local with offset `zz`.
    private func retention(_ consider: [String], delete: [String] = [], lineTime: String, zz: String) -> [String] {
        let prefix = "\(lineTime) \(zz) - [Information-Duplicati.Library.Main.Operation.DeleteHandler:RetentionPolicy-"
        return [
            prefix + "BackupList]: Backups to consider: " + consider.joined(separator: ", "),
            prefix + "AllBackupsToDelete]: All backups to delete: " + delete.joined(separator: ", "),
        ]
    }

    func testCultureDateFormats() {
        let expected = ["2025-08-04T00:14:55.000Z", "2025-07-31T15:10:00.000Z"]
        let cultures: [(String, [String])] = [
            ("en-GB", ["04/08/2025 02:14:55", "31/07/2025 17:10:00"]),
            ("invariant", ["08/04/2025 02:14:55", "07/31/2025 17:10:00"]),
            ("en-US U+202F", ["8/4/2025 2:14:55\u{202F}AM", "7/31/2025 5:10:00\u{202F}PM"]),
            ("en-US U+00A0", ["8/4/2025 2:14:55\u{00A0}AM", "7/31/2025 5:10:00\u{00A0}PM"]),
            ("en-US space", ["8/4/2025 2:14:55 AM", "7/31/2025 5:10:00 PM"]),
            ("de-DE", ["04.08.2025 02:14:55", "31.07.2025 17:10:00"]),
            ("fi-FI", ["4.8.2025 2.14.55", "31.7.2025 17.10.00"]),
            ("ja-JP", ["2025/08/04 2:14:55", "2025/07/31 17:10:00"]),
            ("sv-SE", ["2025-08-04 02:14:55", "2025-07-31 17:10:00"]),
            ("ko-KR", ["2025. 8. 4. 오전 2:14:55", "2025. 7. 31. 오후 5:10:00"]),
        ]
        for (culture, entries) in cultures {
            let lines = retention(entries, lineTime: "2025-08-05 18:26:53", zz: "+02")
            XCTAssertEqual(AvailableVersions.extract(from: lines, ownTimeMs: nil).map(iso), expected, culture)
        }
    }

    func testDayMonthOrderIsResolvedFromTheWholeList() {
        // Every day ≤ 12: both orders are valid dates, but only month-first keeps the list ≤ the line's time.
        let invariant = retention(
            ["03/08/2025 01:30:04", "03/01/2025 01:30:02"],
            lineTime: "2025-03-09 01:59:54",
            zz: "+00"
        )
        XCTAssertEqual(
            AvailableVersions.extract(from: invariant, ownTimeMs: nil).map(iso),
            ["2025-03-08T01:30:04.000Z", "2025-03-01T01:30:02.000Z"]
        )
        // Both orders plausible: the one whose newest entry is closest to the run wins (day-first here).
        let close = retention(["05/04/2025 10:00:00"], lineTime: "2025-04-06 10:00:00", zz: "+00")
        XCTAssertEqual(AvailableVersions.extract(from: close, ownTimeMs: nil).map(iso), ["2025-04-05T10:00:00.000Z"])
        // Deleted entries are removed by instant, and this run's own time (to the second) is added.
        let own: Int64 = 1_754_411_213_999  // 2025-08-05T16:26:53.999Z
        let withDelete = retention(
            ["04/08/2025 00:14:55", "31/07/2025 15:10:00"],
            delete: ["31/07/2025 15:10:00"],
            lineTime: "2025-08-05 18:26:53",
            zz: "+02"
        )
        XCTAssertEqual(
            AvailableVersions.extract(from: withDelete, ownTimeMs: own).map(iso),
            ["2025-08-05T16:26:53.000Z", "2025-08-03T22:14:55.000Z"]
        )
        XCTAssertEqual(AvailableVersions.extract(from: ["no retention here"], ownTimeMs: own), [])
        let unreadable = retention(
            ["Duplicati.Library.Main.ListResultFileset"],
            lineTime: "2020-01-01 00:00:00",
            zz: "+00"
        )
        XCTAssertEqual(AvailableVersions.extract(from: unreadable, ownTimeMs: nil), [])
    }

    func testLogLineSplitting() {
        let lines = [
            "2025-05-04 00:15:00 +02 - [Information-Duplicati.Library.Main.Controller-StartingOperation]: started",
            "2025-05-04 00:15:01 +02 - [Warning-Duplicati.Library.Main.Operation.Backup.FileEnumerationProcess-X]: "
                + "w\nstack",
            "2025-05-04 00:15:02 +02 - [Error-Duplicati.Library.Main.Operation.TestHandler-Test results]: e",
            "2025-05-04 00:15:03 +02 - [DryRun-Duplicati.Library.Main.Operation.BackupHandler-WouldAdd]: d",
            "no prefix at all",
            "... and 7 more",
        ]
        let logs = ReportLogLine.split(lines)
        XCTAssertEqual(logs.messages, [lines[0], lines[3], lines[4]])
        XCTAssertEqual(logs.warnings, [lines[1]])
        XCTAssertEqual(logs.errors, [lines[2]])
        XCTAssertTrue(logs.truncated)
        XCTAssertEqual(logs.omittedLines, 7)
        XCTAssertEqual(ReportLogLine(lines[2]).message, "e")
        XCTAssertEqual(ReportLogLine(lines[0]).offsetSeconds, 7200)
        XCTAssertEqual(ReportLogLine("2025-08-05 18.26.53 +03 - [Information-T-Id]: x").offsetSeconds, 10800)
    }

    func testStatusRules() {
        XCTAssertEqual(RunStatusRules.derive(reported: .success, warnings: 1, errors: 0), .warning)
        XCTAssertEqual(RunStatusRules.derive(reported: .success, warnings: 0, errors: 1), .error)
        XCTAssertEqual(RunStatusRules.derive(reported: .warning, warnings: 1, errors: 2), .error)
        XCTAssertEqual(RunStatusRules.derive(reported: .fatal, warnings: 0, errors: 0), .fatal)
        XCTAssertEqual(RunStatusRules.derive(reported: .error, warnings: 5, errors: 0), .error)
        XCTAssertEqual(ParsedRun.Status(loose: "fAtAl"), .fatal)
        XCTAssertNil(ParsedRun.Status(loose: "meh"))
    }

    func testSuccessWithWarningCounterAndInterruptedFlag() throws {
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["WarningsActualLength"] = 2
            data["Interrupted"] = true
            data["ParsedResult"] = "SomethingNew"
            report["Data"] = data
        }
        var run = try ReportParsing.run(body)
        XCTAssertEqual(run.status, .unknown, "an unknown ParsedResult is kept as Unknown, not rejected")
        XCTAssertEqual(run.raw["Data"]?.objectValue?["ParsedResult"], .string("SomethingNew"))
        let success = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["WarningsActualLength"] = 2
            data["Interrupted"] = true
            report["Data"] = data
        }
        run = try ReportParsing.run(success)
        XCTAssertEqual(run.status, .warning)
        XCTAssertTrue(run.interrupted)
    }

    func testRunIdIsStableAndDistinct() {
        let a = RunIdentity.runId(serverId: "s", backupName: "b", beginTime: 1)
        XCTAssertEqual(a, RunIdentity.runId(serverId: "s", backupName: "b", beginTime: 1))
        XCTAssertEqual(a.count, 13)
        XCTAssertNotEqual(a, RunIdentity.runId(serverId: "s", backupName: "b", beginTime: 2))
        XCTAssertNotEqual(
            RunIdentity.runId(serverId: "ab", backupName: "c", beginTime: 1),
            RunIdentity.runId(serverId: "a", backupName: "bc", beginTime: 1)
        )
    }

}
