import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// The overdue check end to end, and the overdue verdicts of real report shapes.
final class OverdueCheckTests: XCTestCase {
    /// The real sample with `Extra["next-scheduled-run"]` as Duplicati 2.1+ sends it, begun at `begin`.
    static func scheduledReport(begin: Date, next: String?) throws -> String {
        var report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try Fixtures.realSample(RealReports.sampleName))) as? [String: Any]
        )
        var extra = report["Extra"] as? [String: Any] ?? [:]
        extra["next-scheduled-run"] = next.map { $0 as Any } ?? NSNull()
        report["Extra"] = extra
        var data = report["Data"] as? [String: Any] ?? [:]
        data["BeginTime"] = ISO8601DateFormatter().string(from: begin)
        data["EndTime"] = ISO8601DateFormatter().string(from: begin.addingTimeInterval(300))
        report["Data"] = data
        return String(decoding: try JSONSerialization.data(withJSONObject: report), as: UTF8.self)
    }

    /// Points ntfy at the recorder on `port`, topic `od`.
    static func configureNtfy(_ client: some TestClientProtocol, port: Int) async throws {
        try await client.request(.post, "/api/configuration/ntfy", as: Ignored.self, json: #"{"url":"http://127.0.0.1:\#(port)","topic":"od"}"#)
            .assertStatus(.ok)
    }

    struct Statistics: Decodable, Equatable {
        var totalBackupConfigs, checkedBackups, overdueBackupsFound, notificationsSent: Int
    }

    func testOverdueRunNotifiesOnceUntilClearedWithoutAnySetup() async throws {
        let now = ReportTimestamp.parseISO("2025-11-20T12:00:00Z")!.epochMilliseconds
        let clock = TestClock(now)
        var config = TestDataDirectory.config(TestDataDirectory.make("overdue", for: self))
        config.clock = clock
        let recorder = RecordingHTTPServer()
        let app = try await buildApplication(config)
        try await recorder.run { port in
            try await app.test(.router) { client in
                try await Self.configureNtfy(client, port: port)
                // A Success run two days ago whose Duplicati expected the next one a day later.
                let begin = Date(timeIntervalSince1970: Double(now) / 1000 - 2 * 86_400)
                let report = try Self.scheduledReport(begin: begin, next: "20251119T120000Z")
                try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.created)
                let checked = try await client.request(.post, "/api/notifications/check-overdue", as: Statistics.self)
                XCTAssertEqual(checked.envelope.message, "Overdue check completed: 1 job checked, 1 overdue, 1 notified")
                let first = try checked.data()
                XCTAssertEqual(first, Statistics(totalBackupConfigs: 1, checkedBackups: 1, overdueBackupsFound: 1, notificationsSent: 1))
                let received = try await recorder.waitFor(1)
                XCTAssertEqual(received.count, 1)
                XCTAssertTrue(received[0].query["title"]?.hasPrefix("🕑 Overdue - ") ?? false, received[0].query["title"] ?? "")
                XCTAssertTrue(received[0].body.contains("Expected: 2025-11-19 12:00 UTC (1 day ago)"), received[0].body)
                let second = try await client.request(.post, "/api/notifications/check-overdue", as: Statistics.self).data()
                XCTAssertEqual(second.notificationsSent, 0)
                try await client.request(.post, "/api/notifications/clear-overdue-timestamps", as: Ignored.self).assertStatus(.ok)
                // The overdue template has the backup variables too, from the job's latest run.
                let message = "bd={backup_date} st={status} du={duration} fs={file_size} av={available_versions} ec={errors_count}"
                let figures = #"{"overdueBackup":{"title":"OD {backup_name}","message":"\#(message)","priority":"default","tags":"od"}}"#
                try await client.request(.post, "/api/configuration/templates", as: Ignored.self, json: figures).assertStatus(.ok)
                let third = try await client.request(.post, "/api/cron/trigger/overdue-check", as: Statistics.self).data()
                XCTAssertEqual(third.notificationsSent, 1)
                let again = try await recorder.waitFor(2)
                XCTAssertEqual(again.count, 2)
                let body = again.last?.body ?? ""
                XCTAssertTrue(body.hasPrefix("bd=2025-11-18 12:00 UTC st=Success du="), body)
                XCTAssertFalse(body.contains("= ") || body.hasSuffix("="), "every variable filled: \(body)")
                // The detail says where the expectation came from, and when the job was notified.
                let text = try await client.execute(uri: "/api/detail/\(Self.machineId)", method: .get) { String(buffer: $0.body) }
                XCTAssertTrue(text.contains(#""source":"duplicati""#), text)
                XCTAssertTrue(text.contains(#""lastNotificationSent":"2025-11-20T12:00:00.000Z""#), text)
                let status = try await client.execute(uri: "/api/cron/status", method: .get) { String(buffer: $0.body) }
                XCTAssertTrue(status.contains(#""name":"overdue-check""#) && status.contains(#""notificationsSent":1"#), status)
                try await client.request(.post, "/api/cron/trigger/nothing", as: Ignored.self).assertError(
                    .notFound,
                    "NotFoundError",
                    "overdue-check"
                )
            }
        }
    }

    /// A webhook that hangs costs one overdue check one retry cycle, not one per job: it is not
    /// tried again in that check once a group of jobs found it unreachable, and ntfy still
    /// receives every job's alert. One job at a time, the 20 jobs made 40 attempts at it. E-mail
    /// opens two SMTP sessions at a time (mail providers limit them), not eight.
    func testAHangingChannelIsNotRetriedForEveryOverdueJob() async throws {
        let now = ReportTimestamp.parseISO("2025-11-20T12:00:00Z")!.epochMilliseconds
        var config = TestDataDirectory.config(TestDataDirectory.make("overdue-hang", for: self))
        config.clock = TestClock(now)
        config.notificationRetry = RetryPolicy(attempts: 2, delay: .milliseconds(10))
        config.notificationTimeoutSeconds = 1
        let app = try await buildApplication(config)
        let recorder = RecordingHTTPServer()
        let silent = try await SilentServer()
        let silentMail = try await SilentServer()
        try await recorder.run { port in
            try await app.test(.router) { client in
                try await Self.configureNtfy(client, port: port)
                let email =
                    #"{"host":"127.0.0.1","port":\#(silentMail.port),"connectionType":"plain","mailto":"a@example.org","fromAddress":"d@example.org"}"#
                try await client.request(.post, "/api/configuration/email", as: Ignored.self, json: email).assertStatus(.ok)
                try await client.request(
                    .post,
                    "/api/configuration/webhook",
                    as: Ignored.self,
                    json: #"{"url":"http://127.0.0.1:\#(silent.port)/hook"}"#
                )
                .assertStatus(.ok)
                let begin = Date(timeIntervalSince1970: Double(now) / 1000 - 2 * 86_400)
                for index in 0..<20 {
                    let report = try Self.scheduledReport(begin: begin, next: "20251119T120000Z")
                        .replacingOccurrences(of: #""backup-name":""#, with: #""backup-name":"Job \#(index) "#)
                    try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.created)
                }
                let statistics = try await client.request(.post, "/api/notifications/check-overdue", as: Statistics.self).data()
                XCTAssertEqual(statistics.overdueBackupsFound, 20)
                XCTAssertEqual(statistics.notificationsSent, 20, "every job reached ntfy")
                let received = try await recorder.waitFor(20)
                XCTAssertEqual(Set(received.map(\.body)).count, 20)
                XCTAssertGreaterThan(silent.connections, 0)
                XCTAssertLessThanOrEqual(silent.connections, OverdueCheck.jobsAtOnce * 2, "the hanging webhook was tried for every job")
                XCTAssertEqual(silentMail.connections, OverdueCheck.mailsAtOnce, "SMTP sessions at once, then none for the silent server")
            }
        }
        await silent.close()
        await silentMail.close()
    }

    /// The machine id of the real sample.
    static var machineId: String {
        let report = try? JSONSerialization.jsonObject(with: Data(Fixtures.realSample(RealReports.sampleName))) as? [String: Any]
        return (report?["Extra"] as? [String: Any])?["machine-id"] as? String ?? ""
    }

    func testTheSampleJobsAreNotAllOverdueMerelyUnconfigured() async throws {
        let app = try await buildApplication(TestDataDirectory.config(TestDataDirectory.make("samples", for: self)))
        let directory = URL(fileURLWithPath: Fixtures.testsDirectory.path + "/../../../shared/samples/duplicati-reports").standardizedFileURL
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("synthetic-backup-") || $0.hasPrefix("real-trimmed-backup-") }
        XCTAssertEqual(names.count, 8)
        try await app.test(.router) { client in
            // Six jobs: one report is a pre-2.0.8 Fatal without statistics, one repeats another's run.
            var stored = 0
            for name in names {
                let body = String(decoding: try Fixtures.realSample(name), as: UTF8.self)
                let answer = try await client.request(.post, "/api/upload", as: Ignored.self, json: body)
                if answer.status == .created { stored += 1 }
            }
            XCTAssertEqual(stored, 6)
            let summary = try await client.execute(uri: "/api/summary", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(summary.contains(#""overdueBackups":0"#), summary)
            let settings = try await client.execute(uri: "/api/configuration/backup-settings", method: .get) { String(buffer: $0.body) }
            XCTAssertEqual(settings.components(separatedBy: #""source":"default""#).count - 1, 6, settings)
        }
    }

    func testInferredIntervalFromARealReportHistory() async throws {
        let now = ReportTimestamp.parseISO("2025-11-20T12:00:00Z")!.epochMilliseconds
        var config = TestDataDirectory.config(TestDataDirectory.make("inferred", for: self))
        config.clock = TestClock(now)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            // Older Duplicati (no next-scheduled-run): every 6 hours, the last one 14 hours ago.
            for step in 0..<6 {
                let begin = Date(timeIntervalSince1970: Double(now) / 1000 - 14 * 3600 - Double(step) * 6 * 3600)
                try await client.request(.post, "/api/upload", as: Ignored.self, json: try Self.scheduledReport(begin: begin, next: nil))
                    .assertStatus(.created)
            }
            let settings = try await client.execute(uri: "/api/configuration/backup-settings", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(settings.contains(#""source":"inferred""#) && settings.contains(#""inferredInterval":"6h""#), settings)
            let summary = try await client.execute(uri: "/api/summary", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(summary.contains(#""overdueBackups":1"#), summary)
        }
    }
}
