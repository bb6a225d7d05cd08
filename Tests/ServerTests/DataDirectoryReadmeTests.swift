import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// The data directory reads by date, and the README's recipes work as written.
final class DataDirectoryReadmeTests: XCTestCase {
    /// The machine-id of the NAS-HOME fixture, so the generic runs land on the same server.
    static let nasHome = "3f9c2b7e8d1a4c6b9e0f2a3b4c5d6e7f"

    /// Uploads the fixtures and two generic runs of 2025-11-16 (the recipes' example day) through
    /// the API, then stops the server so its snapshot is written too.
    func seededDirectory() async throws -> String {
        let directory = TestDataDirectory.make("readme", for: self)
        var config = TestDataDirectory.config(directory)
        config.clock = TestClock(AdminFleet.ms("2025-11-20T00:00:00Z"))
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            var bodies = try ["synthetic-backup-success-2.1.0.5.json", "synthetic-backup-error-2.1.0.5.json"].map {
                ByteBuffer(bytes: try Fixtures.bytes($0))
            }
            let documents = GenericRun(
                serverName: "NAS-HOME",
                serverId: Self.nasHome,
                backup: "Documents",
                status: "success",
                begin: AdminFleet.ms("2025-11-16T02:00:00.441Z"),
                duration: 60
            )
            let system = GenericRun(
                serverName: "NAS-HOME",
                serverId: Self.nasHome,
                backup: "System",
                status: "error",
                begin: AdminFleet.ms("2025-11-16T14:30:00Z"),
                duration: 30
            )
            bodies += [documents.body, system.body]
            for body in bodies {
                let response = try await client.execute(uri: "/api/upload", method: .post, headers: [.contentType: "application/json"], body: body)
                XCTAssertEqual(response.status, .created, String(buffer: response.body))
            }
        }
        return directory
    }

    func testRunBodiesHoldISOTimesThatGrepFindsByDay() async throws {
        let directory = try await seededDirectory()
        let grep = try ExternalTool.path("grep", package: "grep")
        let found = try ExternalTool.run("/bin/sh", ["-c", "\(grep) -h -F '\"beginTime\":\"2025-11-16' *.jsonl"], in: directory)
        XCTAssertEqual(found.status, 0, found.stderr)
        let lines = found.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, found.stdout)
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""c":"runs""#) && $0.contains(#""serverName":"NAS-HOME""#) }, found.stdout)
        // Index fields stay numbers, for the indexes; only bodies carry the text.
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""t":1763"#) }, found.stdout)
        let servers = try ExternalTool.run("/bin/sh", ["-c", "\(grep) -h -F '\"c\":\"servers\"' *.jsonl"], in: directory)
        XCTAssertTrue(servers.stdout.contains(#""lastSeen":"2025-11-20T00:00:00.000Z""#), servers.stdout)
    }

    /// The output each recipe of the README prints for `seededDirectory`, by a text its command contains.
    static let expectedOutputs: [(command: String, output: Set<String>)] = [
        (
            "grep -h -F '\"beginTime\":\"2025-11-16'",
            ["2025-11-16T02:00:00.441Z\tNAS-HOME\tDocuments\tSuccess", "2025-11-16T14:30:00.000Z\tNAS-HOME\tSystem\tError"]
        ),
        (
            "startswith(\"2025-11-16\")",
            ["2025-11-16T02:00:00.441Z\tNAS-HOME\tDocuments\tSuccess", "2025-11-16T14:30:00.000Z\tNAS-HOME\tSystem\tError"]
        ),
        ("(.status == \"Error\" or .status == \"Fatal\")", ["2025-11-16T14:30:00.000Z\tSystem\tError"]),
        (
            "max_by(.beginTime)",
            [
                "2025-11-16T02:00:00.441Z\tSuccess\t"
                    + RunIdentity.runId(serverId: nasHome, backupName: "Documents", beginTime: AdminFleet.ms("2025-11-16T02:00:00.441Z"))
            ]
        ),
        // The server's key in the snapshot, then its id in every line that wrote it (one upload created it).
        ("zgrep -h -F '\"name\":\"NAS-HOME\"'", [nasHome]),
    ]

    func testEveryRecipeOfTheReadmePrintsWhatItPromises() async throws {
        let directory = try await seededDirectory()
        _ = try ExternalTool.path("jq", package: "jq")
        _ = try ExternalTool.path("zgrep", package: "gzip")
        let readme = try String(contentsOfFile: directory + "/README.md", encoding: .utf8)
        XCTAssertTrue(readme.hasPrefix("# duplistatus data directory\n"), readme)
        XCTAssertTrue(readme.contains(DataDirectoryRecipes.readmeSection), "the product's section is missing")
        let blocks = Self.shellBlocks(readme)
        XCTAssertEqual(blocks.count, Self.expectedOutputs.count, "every recipe needs an expected output here")
        // The same directory once its log is compressed, as the store does to every log but the newest.
        let compressed = directory + "-compressed"
        defer { try? FileManager.default.removeItem(atPath: compressed) }
        try FileManager.default.copyItem(atPath: directory, toPath: compressed)
        let logs = try FileManager.default.contentsOfDirectory(atPath: compressed).filter { $0.hasPrefix("log-") }
        XCTAssertEqual(try ExternalTool.run("/bin/bash", ["-c", "gzip " + logs.joined(separator: " ")], in: compressed).stderr, "")
        for (place, files) in [(directory, "plain"), (compressed, "compressed")] {
            for block in blocks {
                let expected = try XCTUnwrap(Self.expectedOutputs.first { block.contains($0.command) }, "no expectation for: \(block)")
                let result = try ExternalTool.run("/bin/bash", ["-c", block], in: place)
                XCTAssertEqual(result.stderr, "", "\(files): \(block)")
                XCTAssertEqual(Set(result.stdout.split(separator: "\n").map(String.init)), expected.output, "\(files): \(block)")
            }
        }
    }

    func testBodiesWithEpochMillisecondsStillRead() throws {
        let run = AdminFleet.run("srv", "srv", "job", begin: AdminFleet.ms("2025-11-16T02:00:00.441Z"))
        var legacy = run
        legacy.availableVersions = [run.beginTime, run.beginTime - 86_400_000]
        legacy.backend.lastBackupDate = run.beginTime - 1
        // The body as it was written before times became text: the same keys with epoch milliseconds.
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(legacy)) as? [String: Any])
        XCTAssertEqual(object["beginTime"] as? String, "2025-11-16T02:00:00.441Z")
        object["beginTime"] = legacy.beginTime
        object["endTime"] = legacy.endTime
        object["availableVersions"] = legacy.availableVersions
        var backend = try XCTUnwrap(object["backend"] as? [String: Any])
        backend["lastBackupDate"] = legacy.backend.lastBackupDate
        object["backend"] = backend
        let old = try JSONSerialization.data(withJSONObject: object)
        XCTAssertEqual(try JSONDecoder().decode(ParsedRun.self, from: old), legacy)
        // Without a last backup date the key is left out, as it always was.
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(run), as: UTF8.self).contains("lastBackupDate"))
    }

    /// The contents of the README's ```sh blocks, one command each.
    static func shellBlocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```sh" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }
}
