import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

extension ServerAdminTests {
    /// `2025-03-<day>T<hour>:00:00Z` in epoch milliseconds.
    static func march(_ day: Int, _ hour: Int = 1) -> Int64 {
        AdminFleet.ms(String(format: "2025-03-%02dT%02d:00:00Z", day, hour))
    }

    func testMergeMovesRunsAndLogsDropsDuplicatesAndDeletesSources() async throws {
        let directory = makeDirectory()
        let docs = AdminFleet.run("s1", "nas", "Docs", begin: Self.march(4), messages: ["doc line 1", "doc line 2"])
        try await AdminFleet.seed(
            directory,
            [
                (AdminFleet.run("t1", "nas", "Files", begin: Self.march(1)), nil),
                (AdminFleet.run("t1", "nas", "Files", begin: Self.march(2)), nil),
                (AdminFleet.run("s1", "nas", "Files", begin: AdminFleet.ms("2025-02-28T01:00:00Z")), nil),
                (AdminFleet.run("s1", "nas", "Files", begin: Self.march(2)), nil),
                (AdminFleet.run("s1", "nas", "Files", begin: Self.march(3)), nil),
                (docs, nil),
                (AdminFleet.run("s2", "nas-old", "Files", begin: Self.march(5)), nil),
            ]
        )
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            // The server page offers the other "nas" for merging, with its runs counted.
            let (_, _, page) = try await ReadEndpointsTests.webPage(client, "/servers/t1")
            XCTAssertTrue(page.contains("<code>s1</code> (4 runs). They are probably this machine"), "merge banner")
            // What the user typed on the sources fills what the target lacks; the target's own stays.
            for (id, body) in [
                ("s1", #"{"alias":"Home NAS","note":"in the attic","serverUrl":"http://s1.lan:8200"}"#),
                ("s2", #"{"alias":"Old NAS","note":"retired"}"#),
                ("t1", #"{"serverUrl":"https://t1.lan:8200"}"#),
            ] {
                let edited = try await AdminFleet.send(client, .patch, "/api/servers/\(id)", json: body)
                XCTAssertEqual(edited.status, .ok, id)
            }
            // A source's Duplicati password belongs to its own address: a target with an address of
            // its own does not take it (collecting would send it to the wrong Duplicati).
            let password = try await AdminFleet.send(client, .put, "/api/servers/s1/password", json: #"{"password":"for-s1"}"#)
            XCTAssertEqual(password.status, .ok)
            let merged = try await client.request(
                .post,
                "/api/servers/merge",
                as: API.MergedServers.self,
                json: #"{"targetId":"t1","sourceIds":["s1","nas-old","s1"]}"#
            )
            XCTAssertEqual(merged.status, .ok)
            XCTAssertEqual(merged.envelope.status, "success")
            XCTAssertEqual(merged.envelope.message, "Servers merged successfully")
            XCTAssertEqual(try merged.data(), API.MergedServers(movedRuns: 4, duplicateRuns: 1, mergedServers: 2))

            let target = try await client.request(.patch, "/api/servers/t1", as: API.ServerStatus.self, json: "{}").data()
            XCTAssertEqual([target.backupCount, target.runCount], [2, 6])
            XCTAssertEqual([target.alias, target.note, target.serverUrl], ["Home NAS", "in the attic", "https://t1.lan:8200"])
            XCTAssertFalse(target.hasPassword, "s1's password stayed with s1's address")
            XCTAssertEqual(target.lastSeen, ReportTimestamp.isoString(epochMilliseconds: Self.march(5) + 60_000))
            for gone in ["s1", "s2", "nas-old"] {
                let result = try await AdminFleet.send(client, .patch, "/api/servers/\(gone)", json: "{}")
                AdminFleet.assertError(result, .notFound, "NotFoundError", gone)
            }
            let actual = try await client.get("/api/servers/duplicates", as: [API.DuplicateGroup].self).data().count
            XCTAssertEqual(actual, 0)
        }
        let movedDocsId = RunIdentity.runId(serverId: "t1", backupName: "Docs", beginTime: Self.march(4))
        let state = try await AdminFleet.inspect(directory) { store in
            let counts = store.read { ($0.count(ServerRecord.self), $0.count(ParsedRun.self), $0.count(RunLogRecord.self)) }
            let oldGone = store.read { view in
                [docs.id, RunIdentity.runId(serverId: "s2", backupName: "Files", beginTime: Self.march(5))].allSatisfy {
                    !view.contains(ParsedRun.self, key: $0) && !view.contains(RunLogRecord.self, key: $0)
                }
            }
            let moved = try store.record(ParsedRun.self, key: movedDocsId)
            let logs = try store.record(RunLogRecord.self, key: movedDocsId)
            let server = try store.record(ServerRecord.self, key: "t1")
            return (counts, oldGone, moved, logs, server)
        }
        XCTAssertEqual(state.0.0, 1)
        XCTAssertEqual(state.0.1, 6)
        XCTAssertEqual(state.0.2, 6)
        XCTAssertTrue(state.1)
        XCTAssertEqual(state.2?.serverId, "t1")
        XCTAssertEqual(state.2?.serverName, "nas")
        XCTAssertEqual(state.2?.beginTime, Self.march(4))
        XCTAssertEqual(state.3?.logs.messages, ["doc line 1", "doc line 2"])
        XCTAssertEqual(state.4?.firstSeen, AdminFleet.ms("2025-02-28T01:01:00Z"))
        XCTAssertEqual(state.4?.lastSeen, Self.march(5) + 60_000)
    }

    /// What a person set wins over what nobody did: the schedule given to the old server's job
    /// survives a merge into the id that now uploads, whose settings came with its first run.
    func testMergeKeepsTheScheduleAPersonSet() async throws {
        let directory = makeDirectory()
        let store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        for run in [
            AdminFleet.run("old", "nas", "Files", begin: Self.march(1)), AdminFleet.run("old", "nas", "Mail", begin: Self.march(1)),
            AdminFleet.run("new", "nas", "Files", begin: Self.march(2)), AdminFleet.run("new", "nas", "Mail", begin: Self.march(2)),
        ] {
            _ = try await backups.ingest(run, receivedAt: run.endTime)
        }
        // The new id's Mail job was notified as overdue under its old schedule.
        try await store.put(OverdueStateRecord(key: "new:Mail", OverdueStateRecord.State(lastNotificationSent: Self.march(3))))
        await store.close()
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            // Files: a schedule on the old id, nothing on the new. Mail: a schedule on the old id,
            // and only the notifications changed on the new one.
            let set =
                #"{"old:Files":{"expectedInterval":"1D12h"},"old:Mail":{"expectedInterval":"1W","notificationEvent":"all"},"#
                + #""new:Mail":{"notificationEvent":"errors"}}"#
            let saved = try await AdminFleet.send(client, .post, "/api/configuration/backup-settings", json: set)
            XCTAssertEqual(saved.status, .ok)
            let merged = try await AdminFleet.send(client, .post, "/api/servers/merge", json: #"{"targetId":"new","sourceIds":["old"]}"#)
            XCTAssertEqual(merged.status, .ok)
            let settings = try await client.execute(uri: "/api/configuration/backup-settings", method: .get) {
                try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any]
            }
            let jobs = try XCTUnwrap((settings?["data"] as? [String: Any]))
            let files = try XCTUnwrap(jobs["new:Files"] as? [String: Any])
            XCTAssertEqual(files["expectedInterval"] as? String, "1D12h")
            XCTAssertEqual(files["scheduleConfigured"] as? Bool, true)
            let mail = try XCTUnwrap(jobs["new:Mail"] as? [String: Any])
            XCTAssertEqual(mail["expectedInterval"] as? String, "1W", "the schedule set on the old id")
            XCTAssertEqual(mail["notificationEvent"] as? String, "errors", "the new id's own choice stays")
            XCTAssertNil(jobs["old:Files"])
        }
        // Mail's new schedule starts a new overdue episode, as a person's change would.
        let notified = try await AdminFleet.inspect(directory) { store in store.read { $0.contains(OverdueStateRecord.self, key: "new:Mail") } }
        XCTAssertFalse(notified, "the overdue record of the old schedule is cleared")
    }

    func testMergeValidatesBeforeMovingAnything() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(
            directory,
            [
                (AdminFleet.run("t1", "target-box", "Files", begin: Self.march(1)), nil),
                (AdminFleet.run("s1", "source-box", "Files", begin: Self.march(2)), nil),
            ]
        )
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            let path = "/api/servers/merge"
            var result = try await AdminFleet.send(client, .post, path, json: #"{"sourceIds":["s1"]}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Missing required field 'targetId'")
            XCTAssertEqual(result.envelope.details?["missingFields"], .list(["targetId"]))
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"t1","sourceIds":[]}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "'sourceIds' must name at least one server")
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"t1","sourceIds":"s1"}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Field 'sourceIds' must be an array")
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"zz","sourceIds":["s1"]}"#)
            AdminFleet.assertError(result, .notFound, "NotFoundError", "Server 'zz' not found")
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"t1","sourceIds":["s1","ghost"]}"#)
            AdminFleet.assertError(result, .notFound, "NotFoundError", "Server 'ghost' not found")
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"target-box","sourceIds":["s1","t1"]}"#)
            AdminFleet.assertError(result, .badRequest, "ValidationError", "Server 't1' is the merge target")
            result = try await AdminFleet.send(client, .post, path, json: #"{"targetId":"t1","sourceIds":["s1"]}"#, contentType: "text/plain")
            AdminFleet.assertError(result, .unsupportedMediaType, "UnsupportedMediaTypeError", "text/plain")

            // Nothing moved: the source still has its run; then a merge by names succeeds.
            let source = try await client.request(.patch, "/api/servers/s1", as: API.ServerStatus.self, json: "{}")
            XCTAssertEqual(try source.data().runCount, 1)
            let byName = try await client.request(
                .post,
                "/api/v1/servers/merge",
                as: API.MergedServers.self,
                json: #"{"targetId":"target-box","sourceIds":["source-box"]}"#
            )
            XCTAssertEqual(try byName.data(), API.MergedServers(movedRuns: 1, duplicateRuns: 0, mergedServers: 1))
        }
    }

    /// A target with neither a Duplicati address nor a password takes both from one source: the
    /// first that has either, so the pair it collects with belongs together.
    func testMergeTakesADuplicatiAddressAndItsPasswordTogether() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(
            directory,
            [
                (AdminFleet.run("t", "box", "Files", begin: Self.march(1)), nil),
                (AdminFleet.run("a", "box", "Files", begin: Self.march(2)), nil),
                (AdminFleet.run("b", "box", "Files", begin: Self.march(3)), nil),
            ]
        )
        let app = try await buildApplication(TestDataDirectory.config(directory))
        try await app.test(.router) { client in
            for (path, body) in [
                ("/api/servers/a", #"{"serverUrl":"http://a.lan:8200"}"#), ("/api/servers/a/password", #"{"password":"for-a"}"#),
                ("/api/servers/b", #"{"serverUrl":"http://b.lan:8200"}"#), ("/api/servers/b/password", #"{"password":"for-b"}"#),
            ] {
                let method: HTTPRequest.Method = path.hasSuffix("password") ? .put : .patch
                let sent = try await AdminFleet.send(client, method, path, json: body)
                XCTAssertEqual(sent.status, .ok, path)
            }
            let merged = try await client.request(
                .post,
                "/api/servers/merge",
                as: API.MergedServers.self,
                json: #"{"targetId":"t","sourceIds":["a","b"]}"#
            )
            XCTAssertEqual(try merged.data().mergedServers, 2)
            let target = try await client.request(.patch, "/api/servers/t", as: API.ServerStatus.self, json: "{}").data()
            XCTAssertEqual(target.serverUrl, "http://a.lan:8200")
            XCTAssertTrue(target.hasPassword)
        }
        let sealed = try await AdminFleet.inspect(directory) { store in
            store.read { view in (view.summary(ServerPasswordRecord.self, key: "t"), view.summary(ServerPasswordRecord.self, key: "a")) }
        }
        XCTAssertNotNil(sealed.0)
        XCTAssertNil(sealed.1, "the source's password went with it")
    }
}

extension ServerAdminTests {
    /// The merge banner's list: each candidate's runs in words, commas between them only.
    func testServerHeaderListsMergeCandidatesInWords() {
        let server = ServerRecord(id: "t1", name: "nas", firstSeen: 0, lastSeen: 0)
        let others = [
            BackupStore.DuplicateServer(server: server, runCount: 9),
            BackupStore.DuplicateServer(server: ServerRecord(id: "s1", name: "nas", firstSeen: 0, lastSeen: 0), runCount: 1),
            BackupStore.DuplicateServer(server: ServerRecord(id: "s2", name: "nas", firstSeen: 0, lastSeen: 0), runCount: 1_234),
        ]
        let header = ServerHeader(server, duplicates: others, hasPassword: false)
        XCTAssertEqual(header.mergeCandidates.map(\.id), ["s1", "s2"])
        XCTAssertEqual(header.mergeCandidates.map(\.runs), ["1 run", "1,234 runs"])
        XCTAssertEqual(header.mergeCandidates.map(\.isLast), [false, true])
    }
}
