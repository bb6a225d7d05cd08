import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// Reports from Duplicati before 2.0.8, which carry no machine identity (and some 2.0.7 installs no
/// job name either), named by the upload URL: `?serverName=…&serverId=…&backupName=…`.
final class UploadNamingTests: XCTestCase {
    private var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("naming", for: self)
    }

    private static func post(
        _ client: some TestClientProtocol,
        _ fixture: String,
        query: String = ""
    ) async throws -> APIResult<API.UploadReceipt> {
        try await client.request(
            .post,
            "/api/upload" + query,
            as: API.UploadReceipt.self,
            bytes: ByteBuffer(bytes: try Fixtures.bytes(fixture))
        )
    }

    func testOldReportsAreStoredUnderTheServerAndJobTheURLNames() async throws {
        let app = try await buildApplication(TestDataDirectory.config(dataDirectory, fsync: .always))
        try await app.test(.live) { client in
            let cases: [(file: String, query: String, job: String)] = [
                ("synthetic-backup-success-2.0.5.1-no-machine-id.json", "?serverName=office-nas", "Photos"),
                ("synthetic-backup-success-2.0.6.3-no-machine-id.json", "?serverName=office-nas&backupName=Ignored", "Documents"),
                ("synthetic-backup-success-2.0.7.1-no-machine-id.json", "?serverName=attic%20pi&backupName=Home%20folders", "Home folders"),
            ]
            var serverIds: Set<String> = []
            for (file, query, job) in cases {
                let stored = try await Self.post(client, file, query: query)
                XCTAssertEqual(stored.status, .created, "\(file): \(stored.envelope.message ?? "")")
                let receipt = try stored.data()
                // The report's own job name wins over the URL's.
                XCTAssertEqual(receipt.backupName, job, file)
                XCTAssertEqual(receipt.serverName, query.contains("attic") ? "attic pi" : "office-nas", file)
                serverIds.insert(try XCTUnwrap(receipt.serverId))

                let again = try await Self.post(client, file, query: query)
                XCTAssertEqual(again.status, .ok, file)
                XCTAssertEqual(try again.data().duplicate, true, file)
                XCTAssertEqual(try again.data().backupId, receipt.backupId, "re-sending gives the same ids")
            }
            // A server known only by name gets the generic reports' deterministic id.
            XCTAssertEqual(serverIds, [RunIdentity.derivedServerId(name: "office-nas"), RunIdentity.derivedServerId(name: "attic pi")])
            let office = try await client.get("/api/servers/office-nas/backups", as: API.RunHistoryPage.self).data()
            XCTAssertEqual(office.total, 2)
            XCTAssertEqual(Set(office.items.map(\.backupName)), ["Photos", "Documents"])
            // The URL is typed into Duplicati by hand: a plus in a name stays a plus (a space is %20).
            let plus = try await Self.post(client, "synthetic-backup-success-2.0.5.1-no-machine-id.json", query: "?serverName=dev+box")
            XCTAssertEqual(try plus.data().serverName, "dev+box")
        }
    }

    func testAReportWithoutIdentityIsRefusedWithTheURLToUse() async throws {
        let app = try await buildApplication(TestDataDirectory.config(dataDirectory))
        try await app.test(.live) { client in
            let photos = try await Self.post(client, "synthetic-backup-success-2.0.5.1-no-machine-id.json")
            photos.assertError(.badRequest, "ValidationError", "serverName")
            // The hint is the user's own URL, with the job name the report carries filled in.
            photos.assertError(.badRequest, "ValidationError", "/api/upload?serverName=<a name for this machine>&backupName=Photos")
            XCTAssertFalse(photos.envelope.message?.contains("<this server>") ?? true, "the hint names the host the report came to")
            XCTAssertEqual(photos.envelope.details?["missingFields"], .list(["Extra.machine-id"]))

            let nameless = try await Self.post(client, "synthetic-backup-success-2.0.7.1-no-machine-id.json")
            nameless.assertError(.badRequest, "ValidationError", "serverName")
            nameless.assertError(.badRequest, "ValidationError", "backupName")
            let jobless = try await Self.post(client, "synthetic-backup-success-2.0.7.1-no-machine-id.json", query: "?serverName=pi")
            jobless.assertError(.badRequest, "ValidationError", "backupName")
            XCTAssertEqual(jobless.envelope.details?["missingFields"], .list(["Extra.backup-name"]))

            let control = try await Self.post(client, "synthetic-backup-success-2.0.5.1-no-machine-id.json", query: "?serverName=a%0Ab")
            control.assertError(.badRequest, "ValidationError", "serverName")
            let health = try await client.get("/api/health", as: API.Health.self).data()
            XCTAssertEqual(health.store.runs, 0, "nothing is stored from a refused report")
        }
    }

    /// The hint's URL is the one the report was sent to, put together from its host and path.
    func testTheSuggestedURLIsWhereTheReportWasSent() {
        let sent = UploadNaming(host: "nas:9666", path: "/api/upload")
        XCTAssertEqual(
            sent.suggestedURL(jobName: "Photos"),
            "--send-http-url=http://nas:9666/api/upload?serverName=<a name for this machine>&backupName=Photos"
        )
        XCTAssertEqual(
            UploadNaming.none.suggestedURL(jobName: nil),
            "--send-http-url=http://<this server>:9666/api/upload?serverName=<a name for this machine>&backupName=<the job's name>"
        )
    }

    func testAReportsOwnIdentityWinsOverTheURL() async throws {
        let app = try await buildApplication(TestDataDirectory.config(dataDirectory))
        try await app.test(.live) { client in
            let modern = try await Self.post(
                client,
                "synthetic-backup-success-2.1.0.5.json",
                query: "?serverName=other&serverId=other-id&backupName=Other"
            )
            XCTAssertEqual(modern.status, .created)
            let receipt = try modern.data()
            XCTAssertEqual(receipt.serverId, "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f")
            XCTAssertEqual(receipt.serverName, "NAS-HOME")
            XCTAssertEqual(receipt.backupName, "Documents")
            // 2.0.8.1 sends a machine-id but no machine-name: the URL names the machine, the id stays.
            let beta = try await Self.post(client, "synthetic-backup-success-2.0.8.1-no-machine-name.json", query: "?serverName=beta-box")
            XCTAssertEqual(beta.status, .created)
            XCTAssertEqual(try beta.data().serverName, "beta-box")
            XCTAssertNotEqual(try beta.data().serverId, RunIdentity.derivedServerId(name: "beta-box"))
        }
    }

    func testAMachineThatUpgradesIsOfferedForMerging() async throws {
        let app = try await buildApplication(TestDataDirectory.config(dataDirectory))
        try await app.test(.live) { client in
            // Before the upgrade the URL names it; afterwards Duplicati sends its id and host name.
            let old = try await Self.post(client, "synthetic-backup-success-2.0.6.3-no-machine-id.json", query: "?serverName=nas-home")
            XCTAssertEqual(old.status, .created)
            let new = try await Self.post(client, "synthetic-backup-success-2.1.0.5.json")
            XCTAssertEqual(new.status, .created)
            let groups = try await client.get("/api/servers/duplicates", as: [API.DuplicateGroup].self).data()
            XCTAssertEqual(groups.count, 1, "names differing only in case are the same machine")
            XCTAssertEqual(
                Set(groups.first?.servers.map(\.id) ?? []),
                [RunIdentity.derivedServerId(name: "nas-home"), "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f"]
            )
        }
    }

    func testTheGenericFormatTakesTheSameParameters() async throws {
        let app = try await buildApplication(TestDataDirectory.config(dataDirectory))
        try await app.test(.live) { client in
            let body = #"{"backup": {"status": "success", "startTime": "2025-01-15T10:30:00Z", "duration": 60}}"#
            let named = try await client.request(
                .post,
                "/api/upload?serverName=script-box&backupName=nightly",
                as: API.UploadReceipt.self,
                json: body
            )
            XCTAssertEqual(named.status, .created, named.envelope.message ?? "")
            XCTAssertEqual(try named.data().serverName, "script-box")
            XCTAssertEqual(try named.data().backupName, "nightly")
            let unnamed = try await client.request(.post, "/api/upload", as: API.UploadReceipt.self, json: body)
            unnamed.assertError(.badRequest, "ValidationError", "serverName")
        }
    }
}
