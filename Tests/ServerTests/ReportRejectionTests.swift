import Foundation
import XCTest

@testable import Server

/// Reports that cannot be stored get one 400 naming every problem and its fix; the generic
/// format of api.md §2 maps like Duplicati's own.
final class ReportRejectionTests: XCTestCase {
    private func iso(_ ms: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: ms)
    }

    private func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    func testMissingIdentityNamesFieldsAndFix() throws {
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            report["Extra"] = ["OperationName": "Backup", "machine-id": ""]
        }
        let rejection = try ReportParsing.rejection(body)
        XCTAssertEqual(rejection.fields, ["Extra.machine-id", "Extra.backup-name"])
        XCTAssertTrue(rejection.message.contains("2.0.8"), rejection.message)
        XCTAssertTrue(rejection.message.contains("serverName="), rejection.message)
        XCTAssertTrue(rejection.message.contains("backupName="), rejection.message)
        XCTAssertTrue(rejection.message.contains("%backup-name%"), rejection.message)
    }

    /// Ids appear in URL paths and names on every page: "..", control characters and names of
    /// megabytes are refused with the field named.
    func testIdsAndNamesThatPagesCannotShowAreRefused() throws {
        let cases: [(String, Any, String)] = [
            ("machine-id", "..", "Extra.machine-id is '..', which a URL path cannot hold"),
            ("machine-id", String(repeating: "f", count: 201), "Extra.machine-id is longer than 200 bytes"),
            ("machine-id", "abc\u{7}", "Extra.machine-id contains a control character"),
            ("machine-name", "NAS\u{0}HOME", "Extra.machine-name contains a control character"),
            ("backup-name", String(repeating: "n", count: 1_001), "Extra.backup-name is longer than 1000 characters"),
        ]
        for (field, value, expected) in cases {
            let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
                var extra = report["Extra"] as? [String: Any] ?? [:]
                extra[field] = value
                report["Extra"] = extra
            }
            let rejection = try ReportParsing.rejection(body)
            XCTAssertEqual(rejection.fields, ["Extra.\(field)"], expected)
            XCTAssertTrue(rejection.message.contains(expected), rejection.message)
        }
        let generic = #"{"server":{"id":".","name":"s"},"backup":{"name":"b\u0000","status":"success","startTime":"2025-01-01T00:00:00Z"}}"#
        XCTAssertEqual(try ReportParsing.rejection(bytes(generic)).fields, ["server.id", "backup.name"])
        // Blanks around a name are no part of it: a trailing line break is accepted as before.
        let trailing = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var extra = report["Extra"] as? [String: Any] ?? [:]
            extra["backup-name"] = "Documents\r\n"
            report["Extra"] = extra
        }
        XCTAssertEqual(try ReportParsing.run(trailing).backupName, "Documents\r\n")
        // A name as long as allowed, in any script, is kept.
        let long = String(repeating: "名", count: 1_000)
        let kept = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var extra = report["Extra"] as? [String: Any] ?? [:]
            extra["backup-name"] = long
            report["Extra"] = extra
        }
        XCTAssertEqual(try ReportParsing.run(kept).backupName, long)
    }

    func testAMachineKnownOnlyByNameGetsAnIdFromIt() throws {
        // A custom --send-http-message can keep %machine-name% and drop %machine-id%.
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            report["Extra"] = ["OperationName": "Backup", "machine-name": "NAS-HOME", "backup-name": "Documents"]
        }
        let run = try ReportParsing.run(body)
        XCTAssertEqual(run.serverId, RunIdentity.derivedServerId(name: "NAS-HOME"))
        XCTAssertEqual(run.serverName, "NAS-HOME")
    }

    func testMissingDataFieldsAreAllListed() throws {
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["BeginTime"] = nil
            data["Duration"] = NSNull()
            data["ParsedResult"] = ""
            report["Data"] = data
        }
        let rejection = try ReportParsing.rejection(body)
        XCTAssertEqual(rejection.fields, ["Data.ParsedResult", "Data.BeginTime", "Data.Duration"])
        XCTAssertEqual(rejection.invalidFields, [], "empty and null count as missing")
        XCTAssertTrue(rejection.message.hasPrefix("The report was rejected: Data.ParsedResult is missing"))
    }

    func testWrongTypesAndAbsurdValuesAreRejected() throws {
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
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
        let rejection = try ReportParsing.rejection(body)
        XCTAssertEqual(
            Set(rejection.fields),
            [
                "Data.ExaminedFiles", "Data.SizeOfExaminedFiles", "Data.EndTime", "Data.Duration",
                "Data.PartialBackup", "Data.BackendStatistics.KnownFileSize",
            ]
        )
        XCTAssertTrue(rejection.message.contains("Data.ExaminedFiles must be a number but is a string"))
        XCTAssertEqual(Set(rejection.invalidFields), Set(rejection.fields), "every field is there, with an unusable value")
    }

    /// A clock set back during a run gives Duplicati a negative Duration and an EndTime before the
    /// BeginTime: a real run, kept, without a negative duration or an end before its start.
    func testAClockSetBackDuringARunKeepsTheRunWithoutNegativeTime() throws {
        let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
            var data = report["Data"] as? [String: Any] ?? [:]
            data["BeginTime"] = "2025-07-14T02:00:10Z"
            data["EndTime"] = "2025-07-14T02:00:05Z"
            data["Duration"] = "-00:00:05"
            report["Data"] = data
        }
        let run = try ReportParsing.run(body)
        XCTAssertEqual(run.durationSeconds, 0)
        XCTAssertEqual(run.endTime, run.beginTime)
    }

    func testDatesOutsideThePlausibleRangeAreRejected() throws {
        for date in ["1999-12-31T23:59:59Z", "2030-01-01T00:00:00Z", "2025-02-29T00:00:00Z"] {
            let body = try ReportParsing.edited("synthetic-backup-success-2.1.0.5.json") { report in
                var data = report["Data"] as? [String: Any] ?? [:]
                data["BeginTime"] = date
                report["Data"] = data
            }
            XCTAssertEqual(try ReportParsing.rejection(body).fields, ["Data.BeginTime"], date)
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
            let rejection = try ReportParsing.rejection(bytes(body))
            XCTAssertTrue(rejection.message.contains(expected), "\(body): \(rejection.message)")
        }
        XCTAssertEqual(try ReportParsing.rejection([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]).message.contains("UTF-8"), true)
        let kinds = [("[]", "an array"), ("null", "null"), ("\"x\"", "a string"), ("12", "a number"), ("true", "a boolean")]
        for (body, kind) in kinds {
            let message = try ReportParsing.rejection(bytes(body)).message
            XCTAssertTrue(message.hasPrefix("The body's JSON is \(kind), not an object; send Duplicati's report"), message)
        }
    }

    // MARK: - Generic format

    /// The generic report of api.md §2, with every optional field.
    static let genericExample = """
        { "server": { "name": "server-01", "version": "2.0.7.1" },
          "backup": { "name": "daily-backup", "status": "SUCCESS", "startTime": "2025-01-15T10:00:00Z",
                      "endTime": "2025-01-15T11:30:00.250+00:00", "duration": 5400, "files": 1250,
                      "size": 1073741824, "storageUsed": 536870912, "uploadedSize": 0, "versions": 3,
                      "messages": [ { "level": "info", "message": "Backup completed successfully" },
                                    { "level": "Warning", "message": "file locked" }, "plain line" ],
                      "tool": "restic" } }
        """

    func testGenericFormat() throws {
        let run = try ReportParsing.run(bytes(Self.genericExample))
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
        let rejection = try ReportParsing.rejection(bytes(body))
        XCTAssertEqual(
            rejection.fields,
            ["backup.name", "backup.status", "backup.startTime", "backup.duration"]
        )
        XCTAssertTrue(rejection.message.contains("use success, warning, error, fatal or unknown"))

        // A job name of the wrong type, read as given and then as required, is named once, by its type.
        let wrongName = try ReportParsing.rejection(
            bytes(
                "{\"server\":{\"name\":\"a\"},\"backup\":{\"name\":5,\"status\":\"success\","
                    + "\"startTime\":\"2025-01-15T10:30:00Z\"}}"
            )
        )
        XCTAssertEqual(wrongName.fields, ["backup.name"])
        XCTAssertEqual(wrongName.message, "The report was rejected: backup.name must be a string but is a number; send it as a string.")
    }
}
