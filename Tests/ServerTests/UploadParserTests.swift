import Foundation
import XCTest

@testable import Server

/// Expected outcomes of `POST /api/upload` bodies under duplicati-report.md Part A, per sample of §12.
final class UploadParserTests: XCTestCase {
    // MARK: - Helpers

    private static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// A synthetic sample copied into Tests/ServerTests/Fixtures.
    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.testsDirectory.appendingPathComponent("Fixtures/\(name)")))
    }

    /// A real sample, read from ../shared/samples beside the checkout; never committed.
    private func realSample(_ name: String) throws -> [UInt8] {
        let url = Self.testsDirectory
            .appendingPathComponent("../../../shared/samples/duplicati-reports/\(name)").standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip(
                "real sample \(name) not found at \(url.path); real-* samples are not part of the "
                    + "repository, so this test runs only with ../shared/samples beside the checkout"
            )
        }
        return Array(try Data(contentsOf: url))
    }

    private func parse(_ body: [UInt8], contentType: String? = "application/json") -> UploadParseOutcome {
        UploadParser.parse(body: body, contentType: contentType, now: Self.now)
    }

    /// A fixed "now" after every sample, so the future-date check does not depend on the clock.
    private static let now: Int64 = 1_800_000_000_000

    private func run(_ body: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> ParsedRun {
        let outcome = parse(body)
        guard case .run(let run) = outcome else {
            XCTFail("expected a run, got \(outcome)", file: file, line: line)
            throw XCTSkip("no run")
        }
        return run
    }

    private func rejection(
        _ body: [UInt8],
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws
        -> UploadRejection
    {
        let outcome = parse(body)
        guard case .invalid(let rejection) = outcome else {
            XCTFail("expected a rejection, got \(outcome)", file: file, line: line)
            throw XCTSkip("no rejection")
        }
        return rejection
    }

    /// The fixture as a mutable JSON tree, changed by `edit`, serialized again.
    private func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try fixture(name))) as? [String: Any])
        edit(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    private func iso(_ ms: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: ms)
    }

    private func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    // MARK: - Synthetic samples (§12)

    func testSuccess2105() throws {
        let run = try run(try fixture("synthetic-backup-success-2.1.0.5.json"))
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.serverId, "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f")
        XCTAssertEqual(run.serverName, "NAS-HOME")
        XCTAssertEqual(run.reportedServerName, "NAS-HOME")
        XCTAssertEqual(run.backupName, "Documents")
        XCTAssertEqual(run.duplicatiBackupId, "DB-1")
        XCTAssertEqual(run.id, "0gjnkpeig5mq9")
        XCTAssertEqual(iso(run.beginTime), "2025-07-14T02:00:00.123Z")
        XCTAssertEqual(iso(run.endTime), "2025-07-14T02:02:09.299Z")
        XCTAssertEqual(run.durationSeconds, 129.1764866)
        XCTAssertEqual(run.fileCount, 48213)
        XCTAssertEqual(run.fileSize, 187_904_819_200)
        XCTAssertEqual(run.uploadedSize, 74_355_640)
        XCTAssertEqual(run.storageSize, 412_871_335_119)
        XCTAssertEqual(run.versions, 6)
        XCTAssertEqual(
            run.availableVersions.map(iso),
            [
                "2025-07-14T02:00:00.000Z", "2025-07-13T02:00:03.000Z", "2025-07-12T02:00:02.000Z",
                "2025-07-11T02:00:04.000Z", "2025-07-04T02:00:01.000Z", "2025-06-06T02:00:06.000Z",
            ]
        )
        XCTAssertEqual([run.messages, run.warnings, run.errors], [28, 0, 0])
        XCTAssertEqual(run.logs.messages.count, 28)
        XCTAssertFalse(run.logs.truncated)
        XCTAssertEqual(run.files.added, 17)
        XCTAssertEqual(run.files.modified, 41)
        XCTAssertEqual(run.files.deleted, 3)
        XCTAssertEqual(run.files.sizeOfModified, 61_204_733)
        XCTAssertEqual(run.backend.bytesDownloaded, 55_484_208)
        XCTAssertEqual(run.backend.remoteCalls, 10)
        XCTAssertEqual(run.backend.knownFileCount, 21)
        XCTAssertEqual(run.backend.quotaTotal, 3_998_614_552_576)
        XCTAssertEqual(run.backend.quotaFree, 1_874_339_762_176)
        XCTAssertEqual(run.backend.lastBackupDate.map(iso), "2025-07-14T02:00:00.000Z")
        XCTAssertEqual(run.duplicatiVersion, "2.1.0.5_stable_2025-03-04")
        XCTAssertNil(run.exception)
        XCTAssertEqual(run.extra["OperationName"], "Backup")

        // Everything unmapped is kept; the nested copies of BackendStatistics are not.
        let data = try XCTUnwrap(run.raw["Data"]?.objectValue)
        XCTAssertEqual(data["BeginTime"], .string("2025-07-14T02:00:00.1234567Z"))
        XCTAssertEqual(data["Version"], .string("2.1.0.5 (2.1.0.5_stable_2025-03-04)"))
        XCTAssertEqual(data["CompactResults"], .null)
        let delete = try XCTUnwrap(data["DeleteResults"]?.objectValue)
        XCTAssertEqual(delete["Duration"], .string("00:00:00.2345678"))
        XCTAssertNil(delete["BackendStatistics"])
        XCTAssertEqual(data["TestResults"]?.objectValue?["VerificationsActualLength"], .int(3))
        let stats = try XCTUnwrap(data["BackendStatistics"]?.objectValue)
        XCTAssertEqual(stats["AssignedQuotaSpace"], .int(-1))
        XCTAssertEqual(stats["LastBackupDate"], .string("2025-07-14T03:00:00+01:00"))
        XCTAssertNil(stats["KnownFileSize"])
        XCTAssertNil(data["ExaminedFiles"])
    }

    func testErrorRunWithHashMismatch() throws {
        let run = try run(try fixture("synthetic-backup-error-2.1.0.5.json"))
        XCTAssertEqual(run.status, .error)
        XCTAssertEqual([run.messages, run.warnings, run.errors], [22, 0, 2])
        XCTAssertEqual(run.logs.errors.count, 2)
        XCTAssertTrue(run.logs.errors[0].contains("HashMismatchException"))
        XCTAssertEqual(run.logs.messages.count, 22)
        XCTAssertEqual(run.availableVersions, [], "--keep-versions writes no retention lines")
        XCTAssertEqual(run.versions, 9)
        XCTAssertEqual(iso(run.beginTime), "2025-05-03T22:15:00.987Z")
        XCTAssertEqual(run.durationSeconds, 129.1425065)
        XCTAssertEqual(run.backend.lastBackupDate.map(iso), "2025-05-03T22:15:00.000Z")
        XCTAssertEqual(run.backend.quotaTotal, 0)
    }

    func testFatal2105KeepsException() throws {
        let run = try run(try fixture("synthetic-backup-fatal-2.1.0.5.json"))
        XCTAssertEqual(run.status, .fatal)
        XCTAssertEqual(run.exception?.hasPrefix("System.Net.Http.HttpRequestException: Response status code"), true)
        XCTAssertNil(run.backend.lastBackupDate, "0001-01-01T00:00:00 means unknown")
        XCTAssertEqual(run.versions, 0)
        XCTAssertEqual([run.messages, run.warnings, run.errors], [11, 0, 2])
        XCTAssertEqual(run.backend.retryAttempts, 4)
        XCTAssertEqual(run.backend.remoteCalls, 5)
        XCTAssertEqual(run.durationSeconds, 42.885)
        XCTAssertEqual(iso(run.endTime), "2025-10-02T03:00:43.215Z")
        XCTAssertEqual(run.serverName, "srv-files")
        XCTAssertEqual(run.backupName, "Shares (offsite)")
    }

    func testLegacyFatalExceptionAsDataIsIgnored() throws {
        let outcome = parse(try fixture("synthetic-backup-fatal-2.0.7.1-exception-as-data.json"))
        XCTAssertEqual(outcome, .ignored(operation: UploadParseOutcome.legacyFatalReport))
        XCTAssertTrue(
            UploadParseOutcome.ignoredMessage(operation: UploadParseOutcome.legacyFatalReport)
                .contains("2.0.7")
        )
    }

    func testNoMachineNameFallsBackToMachineId() throws {
        let run = try run(try fixture("synthetic-backup-success-2.0.8.1-no-machine-name.json"))
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.serverId, "a1b2c3d4e5f60718293a4b5c6d7e8f90")
        XCTAssertEqual(run.serverName, "a1b2c3d4e5f60718293a4b5c6d7e8f90")
        XCTAssertNil(run.reportedServerName)
        XCTAssertEqual(run.duplicatiBackupId, "DB-1")
        XCTAssertEqual(run.backend.lastBackupDate.map(iso), "2024-06-30T14:00:00.000Z")
        XCTAssertEqual(run.versions, 5)
        XCTAssertEqual(run.duplicatiVersion, "2.0.8.1_beta_2024-05-07")
        XCTAssertEqual(
            run.raw["Data"]?.objectValue?["CompactResults"]?.objectValue?["MainOperation"],
            .string("Compact")
        )
    }

    func testInvariantCultureVersionsWithDeletion() throws {
        let run = try run(try fixture("synthetic-backup-success-many-loglines-deletion-2.1.0.5.json"))
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.messages, 144)
        XCTAssertEqual(run.logs.messages.count, 144)
        XCTAssertEqual(run.versions, 13)
        XCTAssertEqual(run.availableVersions.count, 13, "12 considered + 1 own − 0 … − 1 deleted")
        XCTAssertEqual(run.availableVersions.first.map(iso), "2025-03-09T01:30:00.000Z")
        XCTAssertEqual(iso(run.availableVersions[1]), "2025-03-08T01:30:04.000Z")
        XCTAssertEqual(run.availableVersions.last.map(iso), "2024-11-08T01:30:09.000Z")
        XCTAssertFalse(run.availableVersions.contains(1_740_274_203_000), "02/23/2025 01:30:03 was deleted")
        XCTAssertEqual(run.availableVersions, run.availableVersions.sorted(by: >))
        XCTAssertEqual(run.backend.filesDeleted, 1)
        XCTAssertEqual(iso(run.beginTime), "2025-03-09T01:30:00.555Z")
    }

    func testTruncatedLogLines() throws {
        let run = try run(try fixture("synthetic-backup-success-truncated-loglines-2.1.0.5.json"))
        XCTAssertTrue(run.logs.truncated)
        XCTAssertEqual(run.logs.omittedLines, 44)
        XCTAssertEqual(run.logs.messages.count, 100)
        XCTAssertFalse(run.logs.messages.contains("... and 44 more"))
        XCTAssertEqual(run.messages, 144, "the reported count is kept beside the lines")
        XCTAssertEqual(run.availableVersions, [], "the retention lines were cut off")
        XCTAssertEqual(run.versions, 13, "the count still comes from BackupListCount")
    }

    func testFormEncodedBodyIsRejectedWithTheFix() throws {
        let body = try fixture("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt")
        for contentType in ["application/x-www-form-urlencoded", nil] {
            guard case .invalid(let rejection) = parse(body, contentType: contentType) else {
                return XCTFail("form body must be rejected")
            }
            XCTAssertTrue(rejection.message.contains("--send-http-result-output-format=Json"))
            XCTAssertEqual(rejection.missingFields, [])
        }
    }

    func testRestoreIsIgnored() throws {
        XCTAssertEqual(parse(try fixture("synthetic-restore-2.1.0.5.json")), .ignored(operation: "Restore"))
        XCTAssertEqual(
            UploadParseOutcome.ignoredMessage(operation: "Restore"),
            "Operation 'Restore' ignored: only Backup operations are recorded"
        )
    }

    func testDuplicati22ShapeWithNullExtraAndUSDates() throws {
        let narrow = "\u{202F}"
        let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            report["Extra"] = [
                "OperationName": "Backup", "backup-name": "Documents", "backup-id": "DB-1",
                "next-scheduled-run": NSNull(), "machine-id": "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f",
                "machine-name": "NAS-HOME", "operating-system": "Linux", "installation-type": "linux-x64-gui.deb",
                "destination-type": "file", "update-channel": "Stable",
            ]
            var data = report["Data"] as? [String: Any] ?? [:]
            data["TimestampChangedFiles"] = 5
            var stats = data["BackendStatistics"] as? [String: Any] ?? [:]
            stats["KnownFilesets"] = 6
            data["BackendStatistics"] = stats
            data["Version"] = "2.2.0.1 (2.2.0.1_stable_2025-11-09)"
            report["Data"] = data
            report["LogLines"] = (report["LogLines"] as? [String] ?? []).map { line in
                line.replacingOccurrences(
                    of: "13/07/2025 03:00:03, 12/07/2025 03:00:02, 11/07/2025 03:00:04, 04/07/2025 03:00:01, "
                        + "06/06/2025 03:00:06",
                    with: "7/13/2025 3:00:03\(narrow)AM, 7/12/2025 3:00:02\(narrow)AM, 7/11/2025 3:00:04\(narrow)AM, "
                        + "7/4/2025 3:00:01\(narrow)AM, 6/6/2025 3:00:06\(narrow)AM"
                )
            }
        }
        let run = try run(body)
        XCTAssertEqual(run.availableVersions.count, 6)
        XCTAssertEqual(iso(run.availableVersions[4]), "2025-07-04T02:00:01.000Z")
        XCTAssertEqual(run.extra["operating-system"], "Linux")
        XCTAssertNil(run.extra["next-scheduled-run"])
        XCTAssertEqual(run.raw["Extra"]?.objectValue?["next-scheduled-run"], .null)
        let data = try XCTUnwrap(run.raw["Data"]?.objectValue)
        XCTAssertEqual(data["TimestampChangedFiles"], .int(5))
        XCTAssertEqual(data["BackendStatistics"]?.objectValue?["KnownFilesets"], .int(6))
        XCTAssertEqual(run.duplicatiVersion, "2.2.0.1_stable_2025-11-09")
    }

    func testParsedRunRoundTripsThroughCodable() throws {
        let run = try run(try fixture("synthetic-backup-success-2.1.0.5.json"))
        let encoded = try JSONEncoder().encode(run)
        XCTAssertEqual(try JSONDecoder().decode(ParsedRun.self, from: encoded), run)
    }

    // MARK: - Real samples (read from ../shared, skipped when absent)

    func testRealTrimmed2105() throws {
        let run = try run(try realSample("real-trimmed-backup-success-2.1.0.5-duplistatus-docs.json"))
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.serverName, "WSJ-SER5")
        XCTAssertEqual(run.backupName, "WSJ-SER5 Local files")
        XCTAssertEqual(iso(run.beginTime), "2025-04-21T23:45:46.971Z")
        XCTAssertEqual(iso(run.endTime), "2025-04-21T23:46:38.356Z")
        XCTAssertEqual(run.durationSeconds, 51.3856057)
        XCTAssertEqual(run.fileCount, 15399)
        XCTAssertEqual(run.fileSize, 11_086_692_615)
        XCTAssertEqual(run.uploadedSize, 8_290_314)
        XCTAssertEqual(run.storageSize, 9_920_312_634)
        XCTAssertEqual(run.versions, 6)
        XCTAssertEqual(run.availableVersions, [])
        XCTAssertEqual([run.messages, run.warnings, run.errors], [0, 0, 0])
        XCTAssertEqual(run.backend.lastBackupDate.map(iso), "2025-04-21T23:45:46.000Z")
    }

    private func realLogLines(_ name: String) throws -> [String] {
        let lines = try JSONSerialization.jsonObject(with: Data(try realSample(name))) as? [String]
        return try XCTUnwrap(lines)
    }

    func testRealRetentionEnGB() throws {
        let lines = try realLogLines("real-fragment-loglines-retention-en-GB-2.1-duplistatus-generate-test-data.json")
        let versions = AvailableVersions.extract(from: lines, ownTimeMs: nil)
        XCTAssertEqual(versions.count, 7)
        XCTAssertEqual(versions.first.map(iso), "2025-08-03T23:14:55.000Z", "04/08/2025 00:14:55 at +01")
        XCTAssertEqual(versions.last.map(iso), "2025-04-12T15:31:15.000Z")
    }

    func testRealRetentionEnUS() throws {
        let lines = try realLogLines("real-fragment-loglines-retention-en-US-2.0.5-duplicati-pr4111.json")
        let versions = AvailableVersions.extract(from: lines, ownTimeMs: nil)
        XCTAssertEqual(
            versions.map(iso),
            [
                "2020-02-19T02:16:23.000Z", "2020-02-18T22:54:52.000Z", "2020-02-18T22:44:42.000Z",
            ]
        )
    }

    func testRealLogLinePrefixes() throws {
        let start = try realLogLines("real-fragment-loglines-start-2.0.8.1-duplicati-issue4673.json")
        let first = ReportLogLine(start[0])
        XCTAssertEqual(first.offsetSeconds, -4 * 3600)
        XCTAssertEqual(first.levelName, "Information")
        XCTAssertEqual(first.message, "The operation Backup has started")
        let puts = try realLogLines("real-fragment-loglines-put-events-2.0.4-duplicati-issue3987.json")
        let logs = ReportLogLine.split(puts)
        XCTAssertEqual([logs.messages.count, logs.warnings.count, logs.errors.count], [6, 0, 0])
        XCTAssertEqual(ReportLogLine(puts[0]).offsetSeconds, -8 * 3600)
    }

    func testRealJobLogFragmentsAreNotHTTPBodies() throws {
        for name in [
            "real-fragment-joblog-data-header-2.2.0.1-fatal-duplicati-issue6683.txt",
            "real-fragment-joblog-compact-backendstatistics-2.2.0.0-duplicati-issue6576.txt",
        ] {
            let text = String(decoding: try realSample(name), as: UTF8.self)
            guard case .invalid(let rejection) = parse(Array(text.utf8)) else { return XCTFail(name) }
            XCTAssertTrue(rejection.message.contains("JSON"), rejection.message)
        }
        // The values they show still parse: a 5-digit fraction and a sub-second TimeSpan.
        XCTAssertEqual(
            ReportTimestamp.parseISO("2025-12-14T12:55:56.88564Z").map { iso($0.epochMilliseconds) },
            "2025-12-14T12:55:56.885Z"
        )
        XCTAssertEqual(DotNetTimeSpan.ticks("00:00:00.3404318"), 3_404_318)
    }
}

// MARK: - Rejections

extension UploadParserTests {
    func testMissingIdentityNamesFieldsAndFix() throws {
        let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            report["Extra"] = ["OperationName": "Backup", "machine-name": "NAS-HOME", "machine-id": ""]
        }
        let rejection = try rejection(body)
        XCTAssertEqual(rejection.missingFields, ["Extra.machine-id", "Extra.backup-name"])
        XCTAssertTrue(rejection.message.contains("2.0.8"), rejection.message)
        XCTAssertTrue(rejection.message.contains("%backup-name%"), rejection.message)
    }

    func testMissingDataFieldsAreAllListed() throws {
        let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["BeginTime"] = nil
            data["Duration"] = NSNull()
            data["ParsedResult"] = ""
            report["Data"] = data
        }
        let rejection = try rejection(body)
        XCTAssertEqual(rejection.missingFields, ["Data.ParsedResult", "Data.BeginTime", "Data.Duration"])
        XCTAssertTrue(rejection.message.hasPrefix("The report was rejected: Data.ParsedResult is missing"))
    }

    func testWrongTypesAndAbsurdValuesAreRejected() throws {
        let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["ExaminedFiles"] = "48213"
            data["SizeOfExaminedFiles"] = -1
            data["EndTime"] = "yesterday"
            data["Duration"] = "1.25:00:00"
            data["PartialBackup"] = 0
            var stats = data["BackendStatistics"] as? [String: Any] ?? [:]
            stats["KnownFileSize"] = 1.5
            data["BackendStatistics"] = stats
            report["Data"] = data
        }
        let rejection = try rejection(body)
        XCTAssertEqual(
            Set(rejection.missingFields),
            [
                "Data.ExaminedFiles", "Data.SizeOfExaminedFiles", "Data.EndTime", "Data.Duration",
                "Data.PartialBackup", "Data.BackendStatistics.KnownFileSize",
            ]
        )
        XCTAssertTrue(rejection.message.contains("Data.ExaminedFiles must be a number but is a string"))
    }

    func testDatesOutsideThePlausibleRangeAreRejected() throws {
        for date in ["1999-12-31T23:59:59Z", "2030-01-01T00:00:00Z", "2025-02-29T00:00:00Z"] {
            let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
                var data = report["Data"] as? [String: Any] ?? [:]
                data["BeginTime"] = date
                report["Data"] = data
            }
            XCTAssertEqual(try rejection(body).missingFields, ["Data.BeginTime"], date)
        }
    }

    func testBodyLevelRejections() throws {
        let cases: [(String, String)] = [
            ("", "empty"), ("  \n", "empty"), ("{\"Data\":", "not valid JSON"), ("[1,2]", "not an object"),
            ("{\"hello\":1}", "neither a Duplicati report"), ("\u{FEFF}{", "not valid JSON"),
            ("{\"Extra\":{\"machine-id\":\"x\",\"backup-name\":\"y\"}}", "Data is missing"),
            ("{\"Data\":{\"ParsedResult\":\"Success\"}}", "Data.MainOperation is missing"),
        ]
        for (body, expected) in cases {
            let rejection = try rejection(bytes(body))
            XCTAssertTrue(rejection.message.contains(expected), "\(body): \(rejection.message)")
        }
        XCTAssertEqual(try rejection([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]).message.contains("UTF-8"), true)
    }
}

// MARK: - Generic format

extension UploadParserTests {
    private static let genericExample = """
        { "server": { "name": "server-01", "version": "2.0.7.1" },
          "backup": { "name": "daily-backup", "status": "SUCCESS", "startTime": "2025-01-15T10:00:00Z",
                      "endTime": "2025-01-15T11:30:00.250+00:00", "duration": 5400, "files": 1250,
                      "size": 1073741824, "storageUsed": 536870912, "uploadedSize": 0, "versions": 3,
                      "messages": [ { "level": "info", "message": "Backup completed successfully" },
                                    { "level": "Warning", "message": "file locked" }, "plain line" ],
                      "tool": "restic" } }
        """

    func testGenericFormat() throws {
        let run = try run(bytes(Self.genericExample))
        XCTAssertEqual(run.serverId, "gen-358a6ec0a1a47122")
        XCTAssertEqual(run.serverId, RunIdentity.derivedServerId(name: " Server-01 "))
        XCTAssertEqual(run.serverName, "server-01")
        XCTAssertEqual(run.backupName, "daily-backup")
        XCTAssertEqual(run.status, .warning, "a warning line raises Success to Warning")
        XCTAssertEqual(iso(run.beginTime), "2025-01-15T10:00:00.000Z")
        XCTAssertEqual(iso(run.endTime), "2025-01-15T11:30:00.250Z")
        XCTAssertEqual(run.durationSeconds, 5400)
        XCTAssertEqual(
            [run.fileCount, run.fileSize, run.storageSize, run.versions],
            [1250, 1_073_741_824, 536_870_912, 3]
        )
        XCTAssertEqual(run.logs.messages, ["Backup completed successfully", "plain line"])
        XCTAssertEqual(run.logs.warnings, ["file locked"])
        XCTAssertEqual([run.messages, run.warnings, run.errors], [2, 1, 0])
        XCTAssertEqual(run.duplicatiVersion, "2.0.7.1")
        XCTAssertEqual(run.raw["backup"]?.objectValue?["tool"], .string("restic"))
    }

    func testGenericFormatProblems() throws {
        let body = "{\"server\":{\"id\":\"abc\"},\"backup\":{\"status\":\"meh\",\"duration\":-1}}"
        let rejection = try rejection(bytes(body))
        XCTAssertEqual(
            rejection.missingFields,
            ["backup.name", "backup.status", "backup.startTime", "backup.duration"]
        )
        XCTAssertTrue(rejection.message.contains("use success, warning, error, fatal or unknown"))
    }
}

// MARK: - Units: TimeSpan, ISO dates, culture dates, status, ids

extension UploadParserTests {
    func testTimeSpans() {
        XCTAssertEqual(DotNetTimeSpan.seconds("00:38:31.6120000"), 2311.612)
        XCTAssertEqual(DotNetTimeSpan.seconds("00:00:51.3856057"), 51.3856057)
        XCTAssertEqual(DotNetTimeSpan.seconds("1.02:03:04.5678901"), 93784.5678901)
        XCTAssertEqual(DotNetTimeSpan.seconds("1.02:03:04.5000000"), 93784.5, "Node read this as 3856.5")
        XCTAssertEqual(DotNetTimeSpan.ticks("-00:00:01.5"), -15_000_000)
        XCTAssertEqual(DotNetTimeSpan.seconds("00:00:00"), 0)
        XCTAssertEqual(DotNetTimeSpan.seconds("30:00:00"), 108_000)
        XCTAssertEqual(DotNetTimeSpan.display(seconds: 2311.612), "00:38:31")
        for bad in [
            "", "abc", "1.25:00:00", "00:60:00", "00:00:60", "00:00:00.12345678", "1:2", "--00:00:01",
            "99999999.00:00:00", "00:00:00.", "+00:00:01",
        ] {
            XCTAssertNil(DotNetTimeSpan.ticks(bad), bad)
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
        let body = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["WarningsActualLength"] = 2
            data["Interrupted"] = true
            data["ParsedResult"] = "SomethingNew"
            report["Data"] = data
        }
        var run = try run(body)
        XCTAssertEqual(run.status, .unknown, "an unknown ParsedResult is kept as Unknown, not rejected")
        XCTAssertEqual(run.raw["Data"]?.objectValue?["ParsedResult"], .string("SomethingNew"))
        let success = try edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["WarningsActualLength"] = 2
            data["Interrupted"] = true
            report["Data"] = data
        }
        run = try self.run(success)
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

    func testJSONParserKeepsNumbersExact() throws {
        let value = try ReportJSONParser.parse(
            bytes(
                "{\"big\":9223372036854775807,\"neg\":-9223372036854775808,\"huge\":1e300,\"f\":1.5,"
                    + "\"s\":\"a\\u00e9\\ud83d\\ude00\\n/\",\"dup\":1,\"dup\":2}"
            )
        )
        let members = try XCTUnwrap(value.objectValue)
        XCTAssertEqual(members["big"], .int(Int64.max))
        XCTAssertEqual(members["neg"], .int(Int64.min))
        XCTAssertEqual(members["huge"], .double(1e300))
        XCTAssertEqual(members["f"], .double(1.5))
        XCTAssertEqual(members["s"], .string("aé😀\n/"))
        XCTAssertEqual(members["dup"], .int(2))
        for bad in ["01", "1.", "-", "[1,]", "{\"a\" 1}", "\"\u{1}\"", "1e999", "tru", "\"\\x\"", "[] []"] {
            XCTAssertThrowsError(try ReportJSONParser.parse(bytes(bad)), bad)
        }
    }
}

// MARK: - Robustness: no input may crash the parser

extension UploadParserTests {
    func testDeepNestingIsRejectedNotOverflowed() throws {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertTrue(try rejection(bytes(deep)).message.contains("nested"))
        let deepData = "{\"Data\":" + String(repeating: "{\"a\":", count: 50_000)
        _ = parse(bytes(deepData))
    }

    func testTruncatedAndMutatedSamplesNeverCrash() throws {
        var samples = try [
            "synthetic-backup-success-2.1.0.5.json", "synthetic-backup-error-2.1.0.5.json",
            "synthetic-backup-fatal-2.1.0.5.json", "synthetic-backup-fatal-2.0.7.1-exception-as-data.json",
            "synthetic-backup-success-2.0.8.1-no-machine-name.json",
            "synthetic-backup-success-many-loglines-deletion-2.1.0.5.json",
            "synthetic-backup-success-truncated-loglines-2.1.0.5.json",
            "synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt", "synthetic-restore-2.1.0.5.json",
        ].map(fixture)
        samples.append(bytes(Self.genericExample))
        // A fixed-seed generator keeps failures reproducible.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let interesting: [UInt8] = Array("{}[]\",:-0123456789.eE\\u/ \u{7F}nulltruefalse".utf8) + [0, 0xC3, 0xFF, 0xE2]
        var outcomes = 0
        for sample in samples {
            for cut in stride(from: 0, through: sample.count, by: max(1, sample.count / 60)) {
                _ = parse(Array(sample.prefix(cut)))
                outcomes += 1
            }
            for _ in 0..<150 {
                var mutated = sample
                for _ in 0..<(1 + next(4)) {
                    let position = next(mutated.count)
                    switch next(3) {
                    case 0: mutated[position] = interesting[next(interesting.count)]
                    case 1: mutated.remove(at: position)
                    default: mutated.insert(interesting[next(interesting.count)], at: position)
                    }
                }
                _ = parse(mutated)
                outcomes += 1
            }
        }
        XCTAssertGreaterThan(outcomes, 1500)
    }

    func testFieldLevelMutationsNeverCrash() throws {
        // Swap every Data field for values of every other type, one at a time.
        let original = try XCTUnwrap(
            JSONSerialization.jsonObject(
                with: Data(try fixture("synthetic-backup-success-2.1.0.5.json"))
            ) as? [String: Any]
        )
        let data = try XCTUnwrap(original["Data"] as? [String: Any])
        let replacements: [Any] = [
            NSNull(), "x", "", -1, 1.5, 1e300, true, [1], ["k": "v"], "0001-01-01T00:00:00",
            "-10675199.02:48:05.4775808", "9999-12-31T23:59:59Z",
        ]
        for key in data.keys {
            for replacement in replacements {
                var copy = original
                var changed = data
                changed[key] = replacement
                copy["Data"] = changed
                _ = parse(Array(try JSONSerialization.data(withJSONObject: copy)))
            }
        }
    }
}
