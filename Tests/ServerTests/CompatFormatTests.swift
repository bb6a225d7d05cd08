import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// `externalAPIFormat = duplistatus`: `/api/summary`, `/api/lastbackup/:serverId` and
/// `/api/lastbackups/:serverId` answer byte for byte as the Node duplistatus does
/// (`compat-duplistatus.md`), for real Duplicati reports; `/api/v1/` keeps the envelope.
final class CompatFormatTests: XCTestCase {
    /// 2025-07-15T00:00:00Z: the newest sample run started 22 hours and 0.123 s before.
    private static let now: Int64 = 1_752_537_600_000
    private var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("compat", for: self)
    }

    private func config(now: Int64 = CompatFormatTests.now) -> AppConfiguration {
        var config = TestDataDirectory.config(dataDirectory)
        config.clock = TestClock(now)
        config.externalAPIFormat = .duplistatus
        return config
    }

    /// Posts the sample `name`, changed by `edit`, and expects it stored.
    private static func upload(
        _ client: some TestClientProtocol,
        _ name: String,
        edit: (inout [String: Any]) -> Void = { _ in }
    ) async throws {
        var report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(name))) as? [String: Any])
        edit(&report)
        let body = try JSONSerialization.data(withJSONObject: report)
        let response = try await client.execute(
            uri: "/api/upload",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: body)
        )
        XCTAssertEqual(response.status, .created, "\(name): \(String(buffer: response.body))")
    }

    /// The answer's status and body text.
    private static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        let response = try await client.execute(uri: uri, method: .get)
        return (response.status, response.headers, String(buffer: response.body))
    }

    /// `LogLines` of a sample as `JSON.stringify` writes them (compact, `/` not escaped).
    private static func logLinesText(_ name: String) throws -> String {
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(name))) as? [String: Any])
        let lines = try XCTUnwrap(report["LogLines"] as? [String])
        return String(decoding: try JSONSerialization.data(withJSONObject: lines, options: [.withoutEscapingSlashes]), as: UTF8.self)
    }

    /// A JSON string literal of `text` (quotes and backslashes escaped).
    private static func quoted(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    private static let success = "synthetic-backup-success-2.1.0.5.json"

    /// A second job on NAS-HOME a day earlier, with its own destination size.
    private static func earlierJob(_ report: inout [String: Any]) {
        var extra = report["Extra"] as? [String: Any] ?? [:]
        extra["backup-name"] = "Photos"
        report["Extra"] = extra
        var data = report["Data"] as? [String: Any] ?? [:]
        data["BeginTime"] = "2025-07-13T02:00:00.5Z"
        data["EndTime"] = "2025-07-13T02:10:00Z"
        data["Duration"] = "00:10:00.25"
        var backend = data["BackendStatistics"] as? [String: Any] ?? [:]
        backend["KnownFileSize"] = 1000
        data["BackendStatistics"] = backend
        report["Data"] = data
    }

    func testSummaryHasTheOriginalsKeysOrderAndSums() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await Self.upload(client, Self.success)
            try await Self.upload(client, Self.success, edit: Self.earlierJob)
            try await Self.upload(client, "synthetic-backup-error-2.1.0.5.json")
            try await Self.upload(client, "synthetic-backup-success-many-loglines-deletion-2.1.0.5.json")

            // Overdue comes from the one overdue rule the envelope's summary uses too.
            let envelope = try await client.get("/api/v1/summary", as: API.FleetSummary.self).data()
            let (status, headers, body) = try await Self.get(client, "/api/summary")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(headers[.contentType], "application/json")
            // Storage and source sizes count each server's newest run date only: NAS-HOME's earlier
            // "Photos" run (1000 bytes at the destination) is left out, its upload is not.
            XCTAssertEqual(
                body,
                """
                {"totalServers":3,"totalBackupsRuns":4,"totalBackups":4,"totalUploadedSize":1773149623,\
                "totalStorageUsed":432226786545,"totalBackupSize":1110051265649,\
                "overdueBackupsCount":\(envelope.overdueBackups),"secondsSinceLastBackup":79199}
                """
            )
        }
    }

    func testLastBackupIsTheOriginalsRunObject() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await Self.upload(client, Self.success)
            try await Self.upload(client, Self.success, edit: Self.earlierJob)
            let runId = try await client.get("/api/v1/lastbackup/NAS-HOME", as: API.LastBackup.self).data().lastBackup?.id ?? ""
            let (status, headers, body) = try await Self.get(client, "/api/lastbackup/NAS-HOME")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(headers[.cacheControl], "no-store, no-cache, must-revalidate")
            XCTAssertEqual(headers[HTTPFields.Element.Name("Pragma")!], "no-cache")
            XCTAssertEqual(headers[.xContentTypeOptions], "nosniff")
            let messages = try Self.quoted(try Self.logLinesText(Self.success))
            XCTAssertEqual(
                body,
                """
                {"server":{"id":"3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f","name":"NAS-HOME","created_at":"2025-07-15 00:00:00"},\
                "latest_backup":{"id":"\(runId)","server_id":"3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f","name":"Documents",\
                "date":"2025-07-14T02:00:00.123Z","status":"Success","warnings":0,"errors":0,"messages":28,\
                "fileCount":48213,"fileSize":187904819200,"uploadedSize":74355640,"duration":"00:02:09",\
                "duration_seconds":129.1764866,"durationInMinutes":2.1529414433333334,"knownFileSize":412871335119,\
                "backup_list_count":6,"messages_array":\(messages),"warnings_array":null,"errors_array":null,\
                "available_backups":["2025-07-13T02:00:03.000Z","2025-07-12T02:00:02.000Z","2025-07-11T02:00:04.000Z",\
                "2025-07-04T02:00:01.000Z","2025-06-06T02:00:06.000Z"]},"status":200}
                """
            )
            // The versioned API keeps the envelope.
            let (_, _, versioned) = try await Self.get(client, "/api/v1/lastbackup/NAS-HOME")
            XCTAssertTrue(versioned.hasPrefix("{\"data\":"), versioned.prefix(40).description)
        }
    }

    func testLastBackupsListsJobsNewestFirst() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await Self.upload(client, Self.success)
            try await Self.upload(client, Self.success, edit: Self.earlierJob)
            let (status, _, body) = try await Self.get(client, "/api/lastbackups/3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f")
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(
                body.hasPrefix(
                    #"{"server":{"id":"3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f","name":"NAS-HOME","created_at":"2025-07-15 00:00:00"},"latest_backups":[{"id":"#
                ),
                body
            )
            XCTAssertTrue(body.hasSuffix(#"],"backup_jobs_count":2,"backup_names":["Documents","Photos"],"status":200}"#), body)
            XCTAssertTrue(body.contains(#""name":"Photos","date":"2025-07-13T02:00:00.500Z""#), body)
            XCTAssertTrue(body.contains(#""duration":"00:10:00","duration_seconds":600.25,"durationInMinutes":10.004166666666666,"#), body)
        }
    }

    /// duplicati-report.md §11.2: the original adds the parts of `HH:MM:SS.fffffff` as doubles, so
    /// `00:01:32.7936226` is 92.79362259999999 there, and a widget comparing values sees the same.
    func testDurationSecondsAreTheOriginalsDoubles() async throws {
        let app = try await buildApplication(config(now: 1_764_547_200_000))
        try await app.test(.router) { client in
            try await Self.upload(
                client,
                Self.success,
                edit: { report in
                    var data = report["Data"] as? [String: Any] ?? [:]
                    data["Duration"] = "00:01:32.7936226"
                    report["Data"] = data
                }
            )
            let (status, _, body) = try await Self.get(client, "/api/lastbackup/NAS-HOME")
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(body.contains(#""duration_seconds":92.79362259999999,"durationInMinutes":1.5465603766666665,"#), body)
            let envelope = try await client.get("/api/v1/lastbackup/NAS-HOME", as: Ignored.self)
            XCTAssertEqual(envelope.status, .ok, "the envelope's own figures are unchanged")
        }
    }

    func testTruncatedLogsAndFatalRunsKeepWhatTheOriginalStored() async throws {
        // 2025-12-01, after the fatal sample's run.
        let app = try await buildApplication(config(now: 1_764_547_200_000))
        try await app.test(.router) { client in
            let truncated = "synthetic-backup-success-truncated-loglines-2.1.0.5.json"
            let fatal = "synthetic-backup-fatal-2.1.0.5.json"
            try await Self.upload(client, truncated)
            try await Self.upload(client, fatal)
            let (_, _, cut) = try await Self.get(client, "/api/lastbackup/docker-duplicati")
            // Every line in the order sent, the "... and N more" marker included.
            XCTAssertTrue(cut.contains(#""messages_array":"# + (try Self.quoted(try Self.logLinesText(truncated))) + #","warnings_array""#))

            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(fatal))) as? [String: Any])
            let exception = try XCTUnwrap(report["Exception"] as? String)
            let errors = String(decoding: try JSONSerialization.data(withJSONObject: [exception], options: [.withoutEscapingSlashes]), as: UTF8.self)
            let (_, _, failed) = try await Self.get(client, "/api/lastbackup/srv-files")
            XCTAssertTrue(failed.contains(#""status":"Fatal""#), failed)
            XCTAssertTrue(failed.contains(#""errors_array":"# + (try Self.quoted(errors)) + #","available_backups":[]"#), failed)
        }
    }

    func testUnknownDuplicateAndMalformedIdentifiersAnswerAsTheOriginal() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await Self.upload(client, Self.success)
            try await Self.upload(client, Self.success) { report in
                var extra = report["Extra"] as? [String: Any] ?? [:]
                extra["machine-id"] = "0000aaaa"
                report["Extra"] = extra
            }
            let (missing, missingHeaders, missingBody) = try await Self.get(client, "/api/lastbackup/No%20Such%20Box")
            XCTAssertEqual(missing, .notFound)
            XCTAssertEqual(missingHeaders[.cacheControl], "no-store, no-cache, must-revalidate")
            XCTAssertEqual(missingBody, #"{"error":"Server not found","message":"No server found with identifier: No Such Box","status":404}"#)

            let (twice, _, twiceBody) = try await Self.get(client, "/api/lastbackups/NAS-HOME")
            XCTAssertEqual(twice, .badRequest)
            XCTAssertEqual(
                twiceBody,
                #"{"error":"Multiple servers found with the same name","message":"Multiple servers found with name \"NAS-HOME\". Please use the server ID instead of the name. Available IDs: 0000aaaa, 3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f","status":400,"duplicate_servers":[{"id":"0000aaaa","name":"NAS-HOME"},{"id":"3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f","name":"NAS-HOME"}]}"#
            )
            // The id still finds each of them; names match case-sensitively.
            let (byId, _, _) = try await Self.get(client, "/api/lastbackup/0000aaaa")
            XCTAssertEqual(byId, .ok)
            let (lower, _, _) = try await Self.get(client, "/api/lastbackup/nas-home")
            XCTAssertEqual(lower, .notFound)

            let (malformed, _, malformedBody) = try await Self.get(client, "/api/lastbackup/100%25%zz")
            XCTAssertEqual(malformed, .internalServerError)
            XCTAssertEqual(malformedBody, #"{"error":"Internal server error","message":"URI malformed","status":500}"#)
        }
    }

    func testEmptyStoreAndTheDefaultFormat() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            let (_, _, body) = try await Self.get(client, "/api/summary")
            XCTAssertEqual(
                body,
                #"{"totalServers":0,"totalBackupsRuns":0,"totalBackups":0,"totalUploadedSize":0,"totalStorageUsed":0,"totalBackupSize":0,"overdueBackupsCount":0,"secondsSinceLastBackup":null}"#
            )
        }
        var envelope = TestDataDirectory.config(TestDataDirectory.make("compat-default", for: self))
        envelope.clock = TestClock(Self.now)
        let standard = try await buildApplication(envelope)
        try await standard.test(.router) { client in
            let (_, _, body) = try await Self.get(client, "/api/summary")
            XCTAssertTrue(body.hasPrefix("{\"data\":"), body)
        }
    }

    func testTheFormatIsChosenByFlagOrEnvironment() throws {
        let flag = try ServeCommand.parse(["--external-api-format", "duplistatus"])
        XCTAssertEqual(try flag.configuration(environment: [:]).externalAPIFormat, .duplistatus)
        let plain = try ServeCommand.parse([])
        XCTAssertEqual(try plain.configuration(environment: [:]).externalAPIFormat, .envelope)
        XCTAssertEqual(
            try plain.configuration(environment: ["DUPLISTATUS_EXTERNAL_API_FORMAT": "duplistatus"]).externalAPIFormat,
            .duplistatus
        )
        XCTAssertThrowsError(try plain.configuration(environment: ["DUPLISTATUS_EXTERNAL_API_FORMAT": "node"])) { error in
            XCTAssertTrue("\(error)".contains("envelope or duplistatus"), "\(error)")
        }
    }

    func testRunsStoredBeforeTheOrderWasKeptGiveTheirLinesByLevel() {
        var logs = ParsedRun.Logs(messages: ["m1", "m2"], warnings: ["w1"], errors: ["e1"])
        XCTAssertEqual(DuplistatusViews.logLinesText(logs), .string(#"["m1","m2","w1","e1"]"#))
        logs.order = "MWEM"
        XCTAssertEqual(DuplistatusViews.logLinesText(logs), .string(#"["m1","w1","e1","m2"]"#))
        XCTAssertEqual(DuplistatusViews.logLinesText(ParsedRun.Logs()), .null)
        XCTAssertEqual(DuplistatusViews.logLinesText(ParsedRun.Logs(order: "")), .string("[]"))
    }

    func testNumbersPrintAsJavaScriptPrintsThem() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.5, "-0.5"), (0.1 + 0.2, "0.30000000000000004"), (2311.6018052, "2311.6018052"),
            (92.79362259999999, "92.79362259999999"), (1e16, "10000000000000000"), (1e21, "1e+21"),
            (123_456_789_012_345_680_000, "123456789012345680000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"), (0.00001234, "0.00001234"), (1.2345e-18, "1.2345e-18"), (5e300, "5e+300"),
            (.infinity, "null"),
        ]
        for (value, text) in cases { XCTAssertEqual(JavaScriptNumber.text(value), text, "\(value)") }
    }
}
