import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// Deleting history (api.md §7): one run, one job, a cleanup by age or of everything — with the
/// summary, dashboard and charts following each deletion, and a 400 or 404 naming what is wrong.
final class AdministrationTests: XCTestCase {
    private static let hour: Int64 = 3_600_000
    private static let day: Int64 = 24 * hour
    private static let now = AdminFleet.ms("2025-06-30T12:00:00Z")
    /// alpha: "Files" every 10 days back to ~200 days, "Databases" twice; beta: "Home" once, 400 days ago.
    private static let fleet: [(run: ParsedRun, receivedAt: Int64?)] =
        (0..<20).map { (AdminFleet.run("srv-a", "alpha", "Files", begin: now - Int64($0) * 10 * day - hour, uploaded: 100), nil) }
        + [
            (AdminFleet.run("srv-a", "alpha", "Databases", begin: now - 3 * day, status: .error, messages: ["denied"]), nil),
            (AdminFleet.run("srv-a", "alpha", "Databases", begin: now - 2 * day), nil),
            (AdminFleet.run("srv-b", "beta", "Home", begin: now - 400 * day), nil),
        ]

    private func start() async throws -> (some ApplicationProtocol, String) {
        let directory = TestDataDirectory.make("administration", for: self)
        try await AdminFleet.seed(directory, Self.fleet)
        return (try await buildApplication(AdminFleet.config(directory, now: Self.now)), directory)
    }

    private static func summary(_ client: some TestClientProtocol) async throws -> API.FleetSummary {
        try await client.get("/api/summary", as: API.FleetSummary.self).data()
    }

    func testDeletingOneRun() async throws {
        let (app, _) = try await start()
        try await app.test(.router) { client in
            let target = RunIdentity.runId(serverId: "srv-a", backupName: "Databases", beginTime: Self.now - 2 * Self.day)
            let before = try await Self.summary(client)
            XCTAssertEqual(before.totalBackupRuns, 23)
            let deleted = try await client.request(.delete, "/api/backups/\(target)", as: API.DeletedRun.self)
            XCTAssertEqual(deleted.status, .ok)
            XCTAssertEqual(try deleted.data().deleted.id, target)
            XCTAssertEqual(try deleted.data().deleted.backupName, "Databases")
            XCTAssertEqual(try deleted.data().deleted.serverName, "alpha")
            // The job's newest run is now the failed one: the summary and the dashboard follow.
            let after = try await Self.summary(client)
            XCTAssertEqual(after.totalBackupRuns, 22)
            XCTAssertEqual(after.failedBackups, 1)
            let dashboard = try await client.get("/api/dashboard", as: API.Dashboard.self).data()
            let databases = dashboard.servers.first { $0.id == "srv-a" }?.backups.first { $0.name == "Databases" }
            XCTAssertEqual(databases?.status, "Error")
            XCTAssertEqual(databases?.runCount, 1)
            let gone = try await client.request(.get, "/api/backups/\(target)", as: Ignored.self)
            gone.assertError(.notFound, "NotFoundError", target)
            let again = try await client.request(.delete, "/api/backups/\(target)", as: Ignored.self)
            again.assertError(.notFound, "NotFoundError", target)
        }
    }

    func testDeletingOneJobByEitherMethod() async throws {
        let (app, _) = try await start()
        try await app.test(.router) { client in
            // The literal path wins over backups/:backupId: no misleading 405.
            let deleted = try await client.request(
                .delete,
                "/api/backups/delete-job",
                as: API.DeletedJob.self,
                json: #"{"serverId":"alpha","backupName":"Databases"}"#
            )
            XCTAssertEqual(deleted.status, .ok, deleted.envelope.message ?? "")
            XCTAssertEqual(try deleted.data(), API.DeletedJob(deletedRuns: 2, serverName: "alpha", backupName: "Databases"))
            let after = try await Self.summary(client)
            XCTAssertEqual(after.totalBackupRuns, 21)
            XCTAssertEqual(after.totalBackupJobs, 2)
            XCTAssertEqual(after.failedBackups, 0)
            let chart = try await client.get("/api/chart-data/server/srv-a/backup/Databases", as: [API.ChartPoint].self)
            chart.assertError(.notFound, "NotFoundError", "Databases")

            let post = try await client.request(
                .post,
                "/api/backups/delete-job",
                as: API.DeletedJob.self,
                json: #"{"serverId":"srv-b","backupName":"Home"}"#
            )
            XCTAssertEqual(try post.data().deletedRuns, 1)
            // beta has no job left but is still a server: the dashboard keeps its card, so it can
            // be reached (the Servers tile counts it), and its page shows no rate for no runs.
            let (_, _, dashboard) = try await ReadEndpointsTests.webPage(client, "/?view=cards")
            XCTAssertEqual(dashboard.components(separatedBy: "<article class=\"card\"").count - 1, 2)
            XCTAssertTrue(dashboard.contains(#"No backup runs stored."#))
            // The table view has a row for it too, the filter finds it, and its server link is there.
            let (_, _, table) = try await ReadEndpointsTests.webPage(client, "/?view=table&q=beta")
            let rows = table.components(separatedBy: "<tr data-search=").dropFirst()
            XCTAssertEqual(rows.count, 1, table)
            XCTAssertTrue(rows.first?.contains(#"<a href="/servers/srv-b">beta</a>"#) == true, rows.first ?? "")
            XCTAssertTrue(rows.first?.contains(#"<td colspan="9" class="muted">No backup runs stored.</td>"#) == true)
            let (_, _, beta) = try await ReadEndpointsTests.webPage(client, "/servers/srv-b")
            XCTAssertTrue(beta.contains(#"<div class="label">Success rate</div><div class="value">—</div>"#), "no rate without runs")

            let unknownServer = try await AdminFleet.send(
                client,
                .delete,
                "/api/backups/delete-job",
                json: #"{"serverId":"nope","backupName":"Files"}"#
            )
            unknownServer.assertError(.notFound, "NotFoundError", "nope")
            let unknownJob = try await AdminFleet.send(client, .post, "/api/backups/delete-job", json: #"{"serverId":"srv-a","backupName":"Photos"}"#)
            unknownJob.assertError(.notFound, "NotFoundError", "Photos")
            let missing = try await AdminFleet.send(client, .post, "/api/backups/delete-job", json: #"{"serverId":"srv-a"}"#)
            missing.assertError(.badRequest, "ValidationError", "backupName")
            let empty = try await AdminFleet.send(client, .post, "/api/backups/delete-job", json: #"{"serverId":"","backupName":"Files"}"#)
            empty.assertError(.badRequest, "ValidationError", "serverId")
            let last = try await Self.summary(client)
            XCTAssertEqual(last.totalBackupRuns, 20)
            // With no job left anywhere the servers are still there: cards, not the getting-started page.
            _ = try await AdminFleet.send(client, .post, "/api/backups/delete-job", json: #"{"serverId":"srv-a","backupName":"Files"}"#)
            let (_, _, bare) = try await ReadEndpointsTests.webPage(client, "/?view=cards")
            XCTAssertEqual(bare.components(separatedBy: "<article class=\"card\"").count - 1, 2)
            XCTAssertFalse(bare.contains("No backups received yet"))
        }
    }

    func testCleanupByAgeKeepsRecentRunsAndDropsEmptiedServers() async throws {
        let (app, _) = try await start()
        try await app.test(.router) { client in
            // "Files" runs end at now − 10·k days − 59 min: 15 of them (k = 0…14) end within 150 days.
            let byDays = try await client.request(.post, "/api/backups/cleanup", as: API.Cleanup.self, json: #"{"olderThanDays":150}"#)
            XCTAssertEqual(try byDays.data(), API.Cleanup(deletedRuns: 6, deletedServers: 1))
            let after = try await Self.summary(client)
            XCTAssertEqual(after.totalBackupRuns, 17)
            XCTAssertEqual(after.totalServers, 1, "beta's only run was older: beta went with it")
            XCTAssertEqual(after.totalUploadedSize, 1_500)
            let halfYear = try await client.request(.post, "/api/backups/cleanup", as: API.Cleanup.self, json: #"{"retentionPeriod":"6 months"}"#)
            XCTAssertEqual(try halfYear.data(), API.Cleanup(deletedRuns: 0, deletedServers: 0))
            let lastYear = try await client.get("/api/chart-data/aggregated?startDate=2024-01-01T00:00:00Z", as: [API.ChartPoint].self).data()
            XCTAssertEqual(lastYear.reduce(0) { $0 + $1.runs }, 17)
        }
    }

    func testDeletingEverythingNeedsItsConfirmationAndResetsTheConfiguration() async throws {
        let (app, _) = try await start()
        try await app.test(.router) { client in
            struct Display: Decodable { var theme: String }
            struct Tolerance: Decodable { var overdueTolerance: String }
            let theme = { () async throws -> String in
                try await client.get("/api/configuration/display", as: Display.self).data().theme
            }
            let tolerance = { () async throws -> String in
                try await client.get("/api/configuration/overdue-tolerance", as: Tolerance.self).data().overdueTolerance
            }
            _ = try await AdminFleet.send(client, .post, "/api/configuration/display", json: #"{"theme":"dark"}"#)
            _ = try await AdminFleet.send(client, .post, "/api/configuration/overdue-tolerance", json: #"{"overdueTolerance":"6h"}"#)
            let chosen = (try await theme(), try await tolerance())
            XCTAssertEqual(chosen.0, "dark")
            XCTAssertEqual(chosen.1, "6h")
            // A cleanup by age keeps the configuration.
            _ = try await AdminFleet.send(client, .post, "/api/backups/cleanup", json: #"{"retentionPeriod":"2 years"}"#)
            let aged = (try await theme(), try await tolerance())
            XCTAssertEqual(aged.0, "dark")
            XCTAssertEqual(aged.1, "6h")
            let unconfirmed = try await AdminFleet.send(client, .post, "/api/backups/cleanup", json: #"{"retentionPeriod":"Delete all data"}"#)
            unconfirmed.assertError(.badRequest, "ValidationError", "confirmation")
            let kept = try await Self.summary(client)
            XCTAssertEqual(kept.totalBackupRuns, 23)
            let deleteAll = { (confirmation: String) async throws -> API.Cleanup in
                let body = #"{"retentionPeriod":"Delete all data","confirmation":"\#(confirmation)"}"#
                return try await client.request(.post, "/api/backups/cleanup", as: API.Cleanup.self, json: body).data()
            }
            let confirmed = try await deleteAll("DELETE ALL DATA")
            XCTAssertEqual(confirmed, API.Cleanup(deletedRuns: 23, deletedServers: 2))
            let empty = try await Self.summary(client)
            XCTAssertEqual(empty.totalBackupRuns, 0)
            XCTAssertEqual(empty.totalServers, 0)
            let reset = (try await theme(), try await tolerance())
            XCTAssertEqual(reset.0, "system", "the display settings are back to their defaults")
            XCTAssertEqual(reset.1, "2h")
            // Again, on an empty store: nothing to delete, and no error.
            let again = try await deleteAll("delete all data")
            XCTAssertEqual(again, API.Cleanup(deletedRuns: 0, deletedServers: 0))
        }
    }

    func testCleanupRefusesWhatItCannotRead() async throws {
        let (app, _) = try await start()
        try await app.test(.router) { client in
            for (body, fragment) in [
                (#"{"retentionPeriod":"3 weeks"}"#, "retentionPeriod"),
                (#"{"olderThanDays":0}"#, "olderThanDays"),
                (#"{"olderThanDays":30,"retentionPeriod":"1 year"}"#, "exactly one"),
                (#"{}"#, "exactly one"),
                (#"{"olderThanDays":"30"}"#, "olderThanDays"),
                // Valid JSON numbers that are not whole: JSONDecoder calls them "not valid JSON".
                (#"{"olderThanDays":1.5}"#, "Field 'olderThanDays' must be a whole number"),
                (#"{"olderThanDays":1e30}"#, "Field 'olderThanDays' must be a whole number"),
            ] {
                let answer = try await AdminFleet.send(client, .post, "/api/backups/cleanup", json: body)
                answer.assertError(.badRequest, "ValidationError", fragment)
            }
            let kept = try await Self.summary(client)
            XCTAssertEqual(kept.totalBackupRuns, 23, "nothing was deleted")
        }
    }

    func testSystemInfoDescribesTheProcessTheMachineAndTheStore() async throws {
        let (app, directory) = try await start()
        try await app.test(.router) { client in
            let info = try await client.get("/api/admin/system/info", as: API.SystemInfo.self).data()
            XCTAssertEqual(info.application.name, "duplistatus")
            XCTAssertEqual(info.application.startTime, "2025-06-30T12:00:00.000Z")
            XCTAssertGreaterThan(info.application.pid, 0)
            XCTAssertEqual(info.store.dataDir, directory)
            XCTAssertEqual(info.store.runs, 23)
            XCTAssertEqual(info.store.servers, 2)
            XCTAssertEqual(info.store.fsyncPolicy, "none")
            XCTAssertTrue(info.store.files.contains { $0.name.hasPrefix("log-") && $0.bytes > 0 }, "\(info.store.files)")
            XCTAssertTrue(info.store.writable)
            XCTAssertEqual(info.system.load.count, 3)
            XCTAssertNotNil(info.system.memory.total)
            XCTAssertNotNil(info.system.disk.free)
            XCTAssertTrue(info.services.scheduler.running, "the default interval, 5min")
            try await client.request(.put, "/api/cron-config", as: Ignored.self, json: #"{"interval":"disabled"}"#).assertStatus(.ok)
            let disabled = try await client.get("/api/admin/system/info", as: API.SystemInfo.self).data()
            XCTAssertFalse(disabled.services.scheduler.running)
        }
    }
}
