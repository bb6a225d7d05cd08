import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// The Configuration APIs (api.md §5): each validates (400 naming the field) and round-trips;
/// secrets are write-only and never plain in the data directory.
final class ConfigurationAPITests: XCTestCase {
    func testEveryEndpointValidatesAndRoundTrips() async throws {
        let app = try await buildApplication(TestDataDirectory.config(TestDataDirectory.make("config", for: self)))
        try await app.test(.router) { client in
            func text(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> String {
                try await client.execute(
                    uri: uri,
                    method: method,
                    headers: [.contentType: "application/json"],
                    body: json.map { ByteBuffer(string: $0) }
                ) {
                    String(buffer: $0.body)
                }
            }
            let rejected: [(String, String, String)] = [
                ("/api/configuration/ntfy", #"{"url":"ftp://x"}"#, "url"),
                ("/api/configuration/ntfy", #"{"topic":"a b"}"#, "topic"),
                ("/api/configuration/notifications", #"{"value":"hourly"}"#, "value"),
                ("/api/configuration/email", #"{"host":"smtp.example.org","port":0,"mailto":"a@b.c"}"#, "port"),
                ("/api/configuration/email", #"{"host":"smtp.example.org","connectionType":"tls","mailto":"a@b.c"}"#, "connectionType"),
                ("/api/configuration/email", #"{"host":"smtp.example.org","mailto":"not an address"}"#, "mailto"),
                ("/api/configuration/email", #"{"mailto":"a@b.c"}"#, "host"),
                ("/api/configuration/webhook", #"{"url":"x"}"#, "url"),
                ("/api/configuration/templates", #"{"success":{"title":"","message":"m","priority":"high","tags":""}}"#, "success.title"),
                (
                    "/api/configuration/templates", #"{"success":{"title":"t","message":"m","priority":"urgent","tags":""}}"#,
                    "'success.priority': must be one of min, low, default, high, max, not 'urgent'"
                ),
                ("/api/configuration/overdue-tolerance", #"{"overdueTolerance":"3h"}"#, "overdueTolerance"),
                ("/api/configuration/display", #"{"pageSize":0}"#, "pageSize"),
                ("/api/configuration/display", #"{"theme":"purple"}"#, "theme"),
                ("/api/configuration/display", #"{"chartRange":"forever"}"#, "chartRange"),
                ("/api/configuration/display", #"{"chartStyle":"pie"}"#, "chartStyle"),
                ("/api/configuration/display", #"{"cardSort":"size"}"#, "cardSort"),
                ("/api/configuration/display", #"{"dashboardView":"3d"}"#, "dashboardView"),
                ("/api/cron-config", #"{"interval":"3min"}"#, "interval"),
                ("/api/configuration/backup-settings", #"{"nobody:Nothing":{"expectedInterval":"1D"}}"#, "nobody:Nothing"),
            ]
            for (uri, body, field) in rejected {
                let answer = try await client.request(.post, uri, as: Ignored.self, json: body)
                answer.assertError(.badRequest, "ValidationError", field)
            }
            // Round trips.
            _ = try await text(.post, "/api/upload", String(decoding: try Fixtures.bytes("synthetic-backup-error-2.1.0.5.json"), as: UTF8.self))
            let key = "77aa1c3e5b9d4f0e8c2a6b4d1e3f5a7c:Buchhaltung"
            let bad = try await client.request(
                .put,
                "/api/configuration/backup-settings",
                as: Ignored.self,
                json: #"{"\#(key)":{"expectedInterval":"1d"}}"#
            )
            bad.assertError(.badRequest, "ValidationError", "\(key).expectedInterval")
            bad.assertError(.badRequest, "ValidationError", "D, W, M and Y are upper case")
            let days =
                #"{"\#(key)":{"expectedInterval":"1D12h","allowedWeekDays":[1,2,3,4,5],"time":"2025-05-05T02:00:00Z","notificationEvent":"errors"}}"#
            do {
                let answer = try await text(.post, "/api/configuration/backup-settings", days)
                XCTAssertTrue(answer.contains(#""source":"configured""#), answer)
            }
            // An anchor before the job's latest run (2025-05-03T22:15Z) is answered moved on by whole
            // intervals of 1D12h (to Sunday 2025-05-04T02:00Z); the run expected is Monday's.
            _ = try await text(.post, "/api/configuration/backup-settings", #"{"\#(key)":{"time":"2025-04-01T02:00:00Z"}}"#)
            let settings = try await text(.get, "/api/configuration/backup-settings")
            XCTAssertTrue(settings.contains(#""time":"2025-05-04T02:00:00.000Z""#), settings)
            XCTAssertTrue(settings.contains(#""nextExpected":"2025-05-05T02:00:00.000Z""#), settings)
            for fragment in [
                #""expectedInterval":"1D12h""#, #""allowedWeekDays":[1,2,3,4,5]"#, #""notificationEvent":"errors""#, #""scheduleConfigured":true"#,
            ] {
                XCTAssertTrue(settings.contains(fragment), settings)
            }
            // PATCH updates as POST and PUT do (api.md §1 and §5).
            _ = try await text(.patch, "/api/configuration/overdue-tolerance", #"{"overdue_tolerance":"30min"}"#)
            do {
                let answer = try await text(.get, "/api/configuration/overdue-tolerance")
                XCTAssertTrue(answer.contains(#""overdueTolerance":"30min""#), answer)
            }
            _ = try await text(.post, "/api/configuration/notifications", #"{"value":"every_week"}"#)
            do {
                let answer = try await text(.get, "/api/configuration/notifications")
                XCTAssertTrue(answer.contains(#""notificationFrequency":"every_week""#), answer)
            }
            _ = try await text(.post, "/api/cron-config", #"{"interval":"15min"}"#)
            let cron = try await text(.get, "/api/cron-config")
            XCTAssertTrue(cron.contains(#""interval":"15min""#) && cron.contains(#""cronExpression":"*/15 * * * *""#), cron)
            _ = try await text(.post, "/api/configuration/display", #"{"theme":"dark","pageSize":25}"#)
            do {
                let answer = try await text(.get, "/api/configuration/display")
                XCTAssertTrue(answer.contains(#""theme":"dark""#), answer)
            }
            let template = #"{"overdueBackup":{"title":"Late {backup_name} {{literal}}","message":"m","priority":"max","tags":"x"}}"#
            _ = try await text(.post, "/api/configuration/templates", template)
            do {
                let answer = try await text(.get, "/api/configuration/templates")
                XCTAssertTrue(answer.contains(#""priority":"max""#), answer)
            }
            do {
                let answer = try await text(.get, "/api/configuration/templates/defaults")
                XCTAssertTrue(answer.contains("🕑 Overdue - {backup_name} @ {server_alias}"), answer)
            }
            let ntfy = try await text(.get, "/api/configuration/ntfy")
            XCTAssertTrue(ntfy.range(of: #""topic":"duplistatus-[A-Za-z0-9]{12}""#, options: .regularExpression) != nil, ntfy)
            let again = try await text(.get, "/api/configuration/ntfy")
            XCTAssertEqual(again, ntfy, "the generated topic is kept")
            let unified = try await text(.get, "/api/configuration/unified")
            for member in [
                "ntfy", "email", "backupSettings", "templates", "overdueTolerance", "cronConfig", "notificationFrequency", "servers",
                "serversWithBackups",
            ] {
                XCTAssertTrue(unified.contains("\"\(member)\":"), member)
            }
            // A server's stored Duplicati password shows as hasPassword, as in /api/servers.
            XCTAssertTrue(unified.contains(#""hasPassword":false,"id":"77aa1c3e5b9d4f0e8c2a6b4d1e3f5a7c""#), unified)
            try await client.request(.patch, "/api/servers/\(key.prefix(32))/password", as: Ignored.self, json: #"{"password":"secret"}"#)
                .assertStatus(.ok)
            let withPassword = try await text(.get, "/api/configuration/unified")
            XCTAssertTrue(withPassword.contains(#""hasPassword":true,"id":"77aa1c3e5b9d4f0e8c2a6b4d1e3f5a7c""#), withPassword)
            try await client.request(.delete, "/api/configuration/email", as: Ignored.self).assertError(.notFound, "NotFoundError")
        }
    }

    func testSecretsAreSealedWriteOnlyAndNeverPlainOnDisk() async throws {
        let directory = TestDataDirectory.make("secrets", for: self)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        let (password, token, header) = ("Pw-\(UUID().uuidString)", "Tok-\(UUID().uuidString)", "Hdr-\(UUID().uuidString)")
        try await app.test(.router) { client in
            func text(_ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil) async throws -> String {
                try await client.execute(
                    uri: uri,
                    method: method,
                    headers: [.contentType: "application/json"],
                    body: json.map { ByteBuffer(string: $0) }
                ) {
                    String(buffer: $0.body)
                }
            }
            let email =
                #"{"host":"smtp.example.org","requireAuth":true,"username":"u@example.org","password":"\#(password)","mailto":"a@example.org"}"#
            var answers = [try await text(.post, "/api/configuration/email", email)]
            answers.append(try await text(.post, "/api/configuration/ntfy", #"{"accessToken":"\#(token)"}"#))
            answers.append(
                try await text(.post, "/api/configuration/webhook", #"{"url":"https://hook.example.org/x","headers":{"X-Key":"\#(header)"}}"#)
            )
            for uri in ["email", "ntfy", "webhook", "unified"] { answers.append(try await text(.get, "/api/configuration/\(uri)")) }
            for answer in answers {
                XCTAssertFalse(answer.contains(password) || answer.contains(token) || answer.contains(header), answer)
            }
            XCTAssertTrue(answers[3].contains(#""hasPassword":true"#), answers[3])
            XCTAssertTrue(answers[4].contains(#""hasAccessToken":true"#), answers[4])
        }
        let grep = try ExternalTool.path("grep", package: "grep")
        for secret in [password, token, header] {
            let found = try ExternalTool.run(grep, ["-r", "-l", secret, directory])
            XCTAssertEqual(found.status, 1, "\(secret.prefix(4)) found plain in the data directory")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + SecretBox.keyFileName)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        // A changed key is reported clearly: only the secrets need entering again.
        try "AAAA".write(toFile: directory + "/" + SecretBox.keyFileName, atomically: false, encoding: .utf8)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        let box = SecretBox(holder: StoreHolder(store))
        let config = try XCTUnwrap(BackupStore(store: store).configuration(.email, as: EmailConfiguration.self))
        XCTAssertThrowsError(try box.open(try XCTUnwrap(config.password))) { error in
            XCTAssertEqual(error as? SecretBox.Failure, .keyMissing)
            XCTAssertTrue("\(error)".contains("re-enter the secrets"))
        }
        await store.close()
    }
}
