import Foundation
import XCTest

@testable import Server

/// Expected outcomes of `POST /api/upload` bodies under duplicati-report.md Part A, per sample of
/// §12: the synthetic ones committed beside the tests and the real ones of `../shared/samples`.
final class ReportSampleTests: XCTestCase {
    private func iso(_ ms: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: ms)
    }

    private func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    // MARK: - Synthetic samples (§12)

    func testSuccess2105() throws {
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))
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
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-error-2.1.0.5.json"))
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
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-fatal-2.1.0.5.json"))
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
        let outcome = ReportParsing.parse(try Fixtures.bytes("synthetic-backup-fatal-2.0.7.1-exception-as-data.json"))
        XCTAssertEqual(outcome, .ignored(operation: UploadParseOutcome.legacyFatalReport))
        XCTAssertTrue(
            UploadParseOutcome.ignoredMessage(operation: UploadParseOutcome.legacyFatalReport)
                .contains("2.0.7")
        )
    }

    func testNoMachineNameFallsBackToMachineId() throws {
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-2.0.8.1-no-machine-name.json"))
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
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-many-loglines-deletion-2.1.0.5.json"))
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
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-truncated-loglines-2.1.0.5.json"))
        XCTAssertTrue(run.logs.truncated)
        XCTAssertEqual(run.logs.omittedLines, 44)
        XCTAssertEqual(run.logs.messages.count, 100)
        XCTAssertFalse(run.logs.messages.contains("... and 44 more"))
        XCTAssertEqual(run.messages, 144, "the reported count is kept beside the lines")
        XCTAssertEqual(run.availableVersions, [], "the retention lines were cut off")
        XCTAssertEqual(run.versions, 13, "the count still comes from BackupListCount")
    }

    func testFormEncodedBodyIsRejectedWithTheFix() throws {
        let body = try Fixtures.bytes("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt")
        for contentType in ["application/x-www-form-urlencoded", nil] {
            let rejection = try XCTUnwrap(ReportParsing.parse(body, contentType: contentType).rejection, "form body must be rejected")
            XCTAssertTrue(rejection.message.contains("--send-http-result-output-format=Json"))
            XCTAssertEqual(rejection.fields, [])
        }
    }

    func testRestoreIsIgnored() throws {
        XCTAssertEqual(ReportParsing.parse(try Fixtures.bytes("synthetic-restore-2.1.0.5.json")), .ignored(operation: "Restore"))
        XCTAssertEqual(
            UploadParseOutcome.ignoredMessage(operation: "Restore"),
            "Operation 'Restore' ignored: only Backup operations are recorded"
        )
    }

    func testDuplicati22ShapeWithNullExtraAndUSDates() throws {
        let narrow = "\u{202F}"
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
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
        let run = try ReportParsing.run(body)
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
        let run = try ReportParsing.run(try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))
        let encoded = try JSONEncoder().encode(run)
        XCTAssertEqual(try JSONDecoder().decode(ParsedRun.self, from: encoded), run)
    }

    // MARK: - Real samples (read from ../shared, skipped when absent)

    func testRealTrimmed2105() throws {
        let run = try ReportParsing.run(try Fixtures.realSample("real-trimmed-backup-success-2.1.0.5-duplistatus-docs.json"))
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
        let lines = try JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(name))) as? [String]
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
            let text = String(decoding: try Fixtures.realSample(name), as: UTF8.self)
            let rejection = try XCTUnwrap(ReportParsing.parse(Array(text.utf8)).rejection, name)
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
