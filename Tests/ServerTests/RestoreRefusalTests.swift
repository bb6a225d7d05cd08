import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
import Zlib

@testable import Server

/// `POST /api/admin/database/restore` refuses every archive it cannot trust — damaged, cut short,
/// or holding what a data directory never holds — with a 4xx that says why, and then the data
/// directory is byte for byte what it was, with nothing left beside it.
final class RestoreRefusalTests: XCTestCase {
    /// A server on a fresh data directory; returns it and the directory.
    private func start(maxArchiveBytes: Int = 16 << 20) async throws -> (some ApplicationProtocol, String) {
        let root = TestDataDirectory.make("restore-refusal", for: self)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var config = TestDataDirectory.config(root + "/data")
        config.maxArchiveBytes = maxArchiveBytes
        return (try await buildApplication(config), root + "/data")
    }

    /// Uploads three real runs and returns a good archive of the store.
    private static func seed(_ client: some TestClientProtocol) async throws -> [UInt8] {
        let reports = try RealReports()
        for run in 0..<3 {
            let body = try reports.body(machineId: "refusal-machine", machineName: "REFUSAL-NAS", run: run)
            let answer = try await client.execute(
                uri: "/api/upload",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(data: body)
            )
            XCTAssertEqual(answer.status, .created)
        }
        let backup = try await client.execute(uri: "/api/admin/database/backup", method: .get)
        XCTAssertEqual(backup.status, .ok)
        return Array(buffer: backup.body)
    }

    func testDamagedAndMaliciousArchivesChangeNothing() async throws {
        let (app, directory) = try await start()
        try await app.test(.router) { client in
            let good = try await Self.seed(client)
            let files = try Self.files(directory)
            let log = try XCTUnwrap(files.first { $0.name.hasPrefix("log-") })
            let others = files.filter { $0.name != log.name }
            var damagedLog = log
            let flip = try XCTUnwrap(damagedLog.content.firstIndex(of: UInt8(ascii: "S")))  // inside a record's JSON
            damagedLog.content[flip] = UInt8(ascii: "s")
            var badChecksum = TarFixture.tar(TarFixture.entries(files))
            badChecksum[512 + 20] ^= 0x01  // the first file's header, past the directory entry
            var corruptGzip = good
            corruptGzip[good.count / 2] ^= 0xFF

            let cases: [(name: String, archive: [UInt8], fragment: String)] = [
                (
                    "absolute path", TarFixture.archive(TarFixture.entries(files) + [.init(name: "/etc/cron.d/evil", content: [0x41])]),
                    "absolute path"
                ),
                (
                    "climbing out", TarFixture.archive([.init(name: "duplistatus-data/../evil.jsonl", content: [0x41])] + TarFixture.entries(files)),
                    "'..'"
                ),
                (
                    "symbolic link",
                    TarFixture.archive(TarFixture.entries(files) + [.init(name: "duplistatus-data/snap", type: UInt8(ascii: "2"), linkName: "/etc")]),
                    "link"
                ),
                (
                    "hard link",
                    TarFixture.archive(
                        TarFixture.entries(files) + [.init(name: "duplistatus-data/x", type: UInt8(ascii: "1"), linkName: "/etc/passwd")]
                    ), "link"
                ),
                (
                    "pax header",
                    TarFixture.archive(
                        [.init(name: "././@PaxHeader", type: UInt8(ascii: "x"), content: Array("30 mtime=1764633600.123456789\n".utf8))]
                            + TarFixture.entries(files)
                    ), "pax or GNU extension headers"
                ),
                (
                    "unexpected file", TarFixture.archive(TarFixture.entries(files + [("notes.txt", Array("hello".utf8))])),
                    "'notes.txt' is not a file"
                ),
                (
                    "subdirectory",
                    TarFixture.archive(TarFixture.entries(files) + [.init(name: "duplistatus-data/sub/log-00000009.jsonl", content: [0x41])]),
                    "subdirectory"
                ),
                ("file twice", TarFixture.archive(TarFixture.entries(files + [log])), "appears twice"),
                ("bad tar checksum", GzipCompressor.compress(badChecksum), "header is damaged"),
                ("truncated", Array(good.prefix(good.count / 2)), "cut short"),
                ("corrupt gzip", corruptGzip, "not a valid gzip"),
                ("not gzip", Array(#"{"operation":"compact"}"#.utf8), "not a valid gzip"),
                ("empty", [], "cut short"),
                ("data after the end", good + GzipCompressor.compress(Array("more".utf8)), "after its end"),
                ("damaged line", TarFixture.archive(TarFixture.entries(others + [damagedLog])), "damaged or incomplete"),
                ("no data files", TarFixture.archive(TarFixture.entries(files.filter { $0.name == "README.md" })), "damaged or incomplete"),
                ("nothing", TarFixture.archive([.init(name: "duplistatus-data/", type: UInt8(ascii: "5"))]), "holds no data files"),
            ]
            let before = try Self.files(directory)
            for (name, archive, fragment) in cases {
                let answer = try await Self.restore(client, archive)
                answer.assertError(.badRequest, "ValidationError", fragment)
                XCTAssertTrue(
                    answer.envelope.message?.hasPrefix("The archive was not restored") ?? false,
                    "\(name): \(answer.envelope.message ?? "")"
                )
                XCTAssertEqual(try Self.files(directory).map(\.name), before.map(\.name), name)
                XCTAssertTrue(
                    try Self.files(directory).elementsEqual(before) { $0.name == $1.name && $0.content == $1.content },
                    "\(name) changed the data directory"
                )
                XCTAssertEqual(try Self.siblings(of: directory), [], "\(name) left something beside the data directory")
            }
            let kept = try await client.get("/api/summary", as: API.FleetSummary.self).data()
            XCTAssertEqual(kept.totalBackupRuns, 3)
            // The good archive still restores after all those refusals.
            let restored = try await Self.restore(client, good)
            XCTAssertEqual(restored.status, .ok, restored.envelope.message ?? "")
        }
    }

    /// A store whose server once found a rotted line, set it aside and went on, is backed up with
    /// that line: its archive restores, since nothing in it is damage the server had not reported.
    func testAnArchiveOfAStoreThatSetDamageAsideRestores() async throws {
        let (app, directory) = try await start()
        try await app.test(.router) { client in
            _ = try await Self.seed(client)
            let rotted = directory + "-rotted"
            try FileManager.default.createDirectory(atPath: rotted, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: rotted) }
            for (name, content) in try Self.files(directory) {
                var bytes = content
                if name.hasPrefix("log-"), let flip = bytes.firstIndex(of: UInt8(ascii: "S")) { bytes[flip] = UInt8(ascii: "s") }
                try Data(bytes).write(to: URL(fileURLWithPath: rotted + "/" + name))
            }
            var options = StoreOptions.duplistatus(directory: rotted)
            options.backgroundMaintenance = false
            options.logger.logLevel = .critical
            try FlatStore.open(options, schema: .duplistatus).closeBlocking()
            let files = try Self.files(rotted)
            XCTAssertTrue(files.contains { $0.name == "quarantine.jsonl" })
            let answer = try await Self.restore(client, TarFixture.archive(TarFixture.entries(files)))
            XCTAssertEqual(answer.status, .ok, answer.envelope.message ?? "")
        }
    }

    func testTheLimitsAndTheContentTypeAreEnforced() async throws {
        // Room for a live directory: its newest log ends with a step (1 MiB) of blank lines.
        let limit = 2 << 20
        let (app, directory) = try await start(maxArchiveBytes: limit)
        let big = TarFixture.archive(TarFixture.entries([("log-00000001.jsonl", [UInt8](repeating: 0x20, count: 3 << 20))]))
        XCTAssertLessThan(big.count, limit, "compressed it fits the limit; unpacked it does not")
        try await app.test(.router) { client in
            let good = try await Self.seed(client)
            let before = try Self.files(directory)
            let unpacked = try await Self.restore(client, big)
            unpacked.assertError(.badRequest, "ValidationError", "unpacks to more than the \(limit) bytes allowed")
            var generator = SystemRandomNumberGenerator()
            let noise = (0..<((3 << 20) / 8)).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
            let tooLarge = try await Self.restore(client, TarFixture.archive(TarFixture.entries([("log-00000001.jsonl", noise)])))
            tooLarge.assertError(.contentTooLarge, "PayloadTooLargeError", "\(limit)")
            for contentType in ["application/json", "multipart/form-data; boundary=x", nil] {
                let wrongType = try await client.request(
                    .post,
                    "/api/admin/database/restore",
                    as: Ignored.self,
                    bytes: ByteBuffer(bytes: good),
                    contentType: contentType
                )
                wrongType.assertError(.unsupportedMediaType, "UnsupportedMediaTypeError", "application/gzip")
            }
            XCTAssertTrue(try Self.files(directory).elementsEqual(before) { $0.name == $1.name && $0.content == $1.content })
            XCTAssertEqual(try Self.siblings(of: directory), [])
            // A hand-made `tar czf x.tgz -C data .` of the running store (the lock file, `./` names
            // and the newest log's blank lines included) is fine.
            let handMade = TarFixture.archive(
                [.init(name: "./", type: UInt8(ascii: "5")), .init(name: "./LOCK")]
                    + before.map { TarFixture.Entry(name: "./" + $0.name, content: $0.content) }
            )
            let restored = try await Self.restore(client, handMade, contentType: "application/x-gzip")
            XCTAssertEqual(restored.status, .ok, restored.envelope.message ?? "")
        }
    }

    private static func restore(
        _ client: some TestClientProtocol,
        _ archive: [UInt8],
        contentType: String = "application/gzip"
    ) async throws -> APIResult<Ignored> {
        try await client.request(.post, "/api/admin/database/restore", as: Ignored.self, bytes: ByteBuffer(bytes: archive), contentType: contentType)
    }

    /// The data directory's files (the lock file aside) and their bytes, by name.
    private static func files(_ directory: String) throws -> [(name: String, content: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "LOCK" }.sorted().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))))
        }
    }

    /// What a restore left beside the data directory.
    private static func siblings(of directory: String) throws -> [String] {
        let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        return try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0 != "data" }
    }
}
