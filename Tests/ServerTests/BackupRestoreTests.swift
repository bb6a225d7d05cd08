import Foundation
import XCTest

/// Backing up and restoring the data directory as users do, on the real binary: an archive
/// downloaded while reports keep arriving, put back with `duplistatus restore`, through the API of
/// a running server, and by hand with `tar`. Each restored store passes `verify` and holds every
/// run acknowledged before the archive was asked for.
final class BackupRestoreTests: XCTestCase {
    func testAnArchiveTakenDuringUploadsRestoresByCommandThroughTheAPIAndByHand() async throws {
        let root = TestDataDirectory.make("backup-restore", for: self)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = root + "/data"
        let server = try ServerProcess(dataDirectory: source)
        defer { server.stop() }

        let feed = UploadFeed(server: server, reports: try RealReports())
        let uploading = Task { try await feed.run(lanes: 4) }
        try await feed.waitUntil(acknowledged: 300)
        let acknowledgedBefore = feed.acknowledged
        let (status, headers, archive) = try await server.exchange("GET", "api/admin/database/backup")
        let acknowledgedDuring = feed.acknowledged.count - acknowledgedBefore.count
        feed.stop()
        try await uploading.value
        XCTAssertEqual(status, 200, String(decoding: archive, as: UTF8.self))
        XCTAssertEqual(headers["content-type"], "application/gzip")
        let disposition = try XCTUnwrap(headers["content-disposition"])
        XCTAssertNotNil(
            disposition.range(of: #"^attachment; filename=duplistatus-backup-\d{8}T\d{6}Z\.tar\.gz$"#, options: .regularExpression),
            disposition
        )
        XCTAssertEqual(feed.failures, [], "uploads failed while the archive was made")
        print("archive: \(archive.count) bytes; \(acknowledgedBefore.count) runs before it, \(acknowledgedDuring) while it streamed")
        let archivePath = root + "/backup.tar.gz"
        try archive.write(to: URL(fileURLWithPath: archivePath))

        // By hand, as the data directory's README says: tar, then verify.
        let listing = try Self.tool("/usr/bin/env", ["tar", "-tzf", archivePath])
        XCTAssertTrue(listing.split(separator: "\n").allSatisfy { $0.hasPrefix("duplistatus-data/") }, listing)
        try FileManager.default.createDirectory(atPath: root + "/by-hand", withIntermediateDirectories: true)
        _ = try Self.tool("/usr/bin/env", ["tar", "-xzf", archivePath, "-C", root + "/by-hand"])
        try Self.assertVerifies(root + "/by-hand/duplistatus-data")

        // The command refuses a directory a server holds, before unpacking anything.
        let refused = try ServerProcess.run(["restore", archivePath, "--data-dir", source])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("in use"), refused.stderr)
        XCTAssertEqual(try Self.siblings(of: source, in: root), [])

        // The command into a new directory.
        let restoredByCommand = try ServerProcess.run(["restore", archivePath, "--data-dir", root + "/cli"])
        XCTAssertEqual(restoredByCommand.status, 0, restoredByCommand.stderr)
        XCTAssertTrue(restoredByCommand.stdout.contains("restored"), restoredByCommand.stdout)
        try Self.assertVerifies(root + "/cli")
        let fromCommand = try ServerProcess(dataDirectory: root + "/cli")
        try await Self.assertHolds(fromCommand, acknowledgedBefore)
        XCTAssertEqual(fromCommand.stop(), 0)

        // Through the API, in place of a running server's newer store.
        let late = try await feed.uploadOne()
        let (restoredStatus, restoredBody) = try await server.request(
            "POST",
            "api/admin/database/restore",
            body: archive,
            contentType: "application/gzip"
        )
        XCTAssertEqual(restoredStatus, 200, String(decoding: restoredBody, as: UTF8.self))
        let restored = try JSONDecoder().decode(RestoreAnswer.self, from: restoredBody).data
        XCTAssertTrue(restored.files.contains { $0.hasPrefix("log-") }, "\(restored.files)")
        XCTAssertGreaterThanOrEqual(restored.records["runs"] ?? 0, acknowledgedBefore.count)
        try await Self.assertHolds(server, acknowledgedBefore)
        let (lateStatus, _) = try await server.request("GET", "api/backups/\(late)")
        XCTAssertEqual(lateStatus, 404, "a run newer than the archive survived the restore")
        _ = try await feed.uploadOne()  // the restored store takes writes
        let (verifyStatus, verifyBody) = try await server.request(
            "POST",
            "api/admin/database/maintenance",
            json: Data(#"{"operation":"verify"}"#.utf8)
        )
        XCTAssertEqual(verifyStatus, 200)
        XCTAssertTrue(String(decoding: verifyBody, as: UTF8.self).contains(#""problems":[]"#), String(decoding: verifyBody, as: UTF8.self))
        XCTAssertEqual(server.stop(), 0, server.output.text)
        try Self.assertVerifies(source)
        XCTAssertFalse(restored.previousDirectory.contains("/"), "the answer names the kept directory without its path")
        XCTAssertEqual(try Self.siblings(of: source, in: root), [restored.previousDirectory])
        try Self.assertVerifies(root + "/" + restored.previousDirectory)

        // The command in place of a stopped server's store: the store it replaces is kept too.
        // Named with a trailing slash, as a Docker volume often is: the kept store is its sibling still.
        let replaced = try ServerProcess.run(["restore", archivePath, "--data-dir", source + "/"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        try Self.assertVerifies(source)
        let kept = try Self.siblings(of: source, in: root)
        XCTAssertEqual(kept.count, 2, "\(kept)")
        XCTAssertTrue(kept.allSatisfy { $0.hasPrefix("data.before-restore-") }, "\(kept)")
    }

    func testOneRestoreAtATimeAndAnAbandonedOneChangesNothing() async throws {
        let root = TestDataDirectory.make("restore-held", for: self)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = root + "/data"
        let server = try ServerProcess(dataDirectory: source)
        defer { server.stop() }
        let feed = UploadFeed(server: server, reports: try RealReports())
        for _ in 0..<20 { try await feed.uploadOne() }
        let (_, archive) = try await server.request("GET", "api/admin/database/backup")
        let port = try XCTUnwrap(server.baseURL.port)
        func holdRestore() throws -> HeldRequest {
            try HeldRequest(
                port: port,
                method: "POST",
                path: "/api/admin/database/restore",
                contentType: "application/gzip",
                body: Array(archive),
                sentBytes: archive.count / 2
            )
        }

        // A client that goes away halfway: nothing is replaced, nothing is left behind.
        let abandoned = try holdRestore()
        XCTAssertTrue(ServerProcess.wait(seconds: 10) { (try? Self.siblings(of: source, in: root))?.count == 1 }, "the restore never began")
        abandoned.abandon()
        XCTAssertTrue(ServerProcess.wait(seconds: 10) { (try? Self.siblings(of: source, in: root)) == [] }, "left beside the data directory")
        try await Self.assertHolds(server, feed.acknowledged)

        // While one restore reads its archive, a second is refused and the server goes on serving.
        let first = try holdRestore()
        try await Task.sleep(for: .milliseconds(200))
        let (secondStatus, secondBody) = try await server.request(
            "POST",
            "api/admin/database/restore",
            body: archive,
            contentType: "application/gzip"
        )
        XCTAssertEqual(secondStatus, 409, String(decoding: secondBody, as: UTF8.self))
        XCTAssertTrue(String(decoding: secondBody, as: UTF8.self).contains("ConflictError"))
        try await feed.uploadOne()
        let (summaryStatus, _) = try await server.request("GET", "api/summary")
        XCTAssertEqual(summaryStatus, 200)
        let (firstStatus, firstText) = try first.finish()
        XCTAssertEqual(firstStatus, 200, firstText)
        // The restore put back the archive's 20 runs: the one sent meanwhile is not among them.
        try await Self.assertHolds(server, Array(feed.acknowledged.prefix(20)))
        let (lateStatus, _) = try await server.request("GET", "api/backups/\(feed.acknowledged[20])")
        XCTAssertEqual(lateStatus, 404)
    }

    /// The part of the restore answer this test reads.
    private struct RestoreAnswer: Decodable {
        struct Restored: Decodable {
            var files: [String]
            var records: [String: Int]
            var previousDirectory: String
        }
        var data: Restored
    }

    /// `duplistatus backup --out x.tar.gz` of a stopped store: the archive holds the secrets' key,
    /// so only its owner may read it, whatever the umask; it restores and verifies.
    func testTheBackupCommandWritesAnArchiveOnlyItsOwnerMayRead() async throws {
        let root = TestDataDirectory.make("backup-command", for: self)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = root + "/data"
        let server = try ServerProcess(dataDirectory: source)
        let uploaded = try await server.request("POST", "/api/upload", json: Data(try Fixtures.realSample(RealReports.sampleName)))
        XCTAssertEqual(uploaded.status, 201)
        let ntfy = #"{"url":"http://127.0.0.1:9/","topic":"t","accessToken":"secret-token","enabled":false}"#
        let configured = try await server.request("POST", "/api/configuration/ntfy", json: Data(ntfy.utf8))
        XCTAssertEqual(configured.status, 200)
        XCTAssertEqual(server.stop(), 0)
        let archivePath = root + "/backup.tar.gz"
        let backup = try ServerProcess.run(["backup", "--data-dir", source, "--out", archivePath])
        XCTAssertEqual(backup.status, 0, backup.stdout + backup.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: archivePath)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let listing = try Self.tool("/usr/bin/env", ["tar", "-tzvf", archivePath])
        XCTAssertTrue(listing.contains("secrets.key"), listing)
        let restored = try ServerProcess.run(["restore", archivePath, "--data-dir", root + "/restored"])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        try Self.assertVerifies(root + "/restored")
        // A copy that cannot be written says where it was to go, and keeps no part of itself.
        FileManager.default.createFile(atPath: root + "/not-a-directory", contents: Data())
        for out in ["backup.tar.gz", "copy-of-data"] {
            let failed = try ServerProcess.run(["backup", "--data-dir", source, "--out", root + "/not-a-directory/" + out])
            XCTAssertEqual(failed.status, 1, failed.stderr)
            XCTAssertTrue(failed.stderr.contains("could not back up to '\(root)/not-a-directory/\(out)' ("), failed.stderr)
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".partial") || $0.hasSuffix(".staging") },
            []
        )
    }

    /// Every run in `ids` is there.
    private static func assertHolds(_ server: ServerProcess, _ ids: [String], file: StaticString = #filePath, line: UInt = #line) async throws {
        var missing: [String] = []
        for id in ids {
            let (status, _) = try await server.request("GET", "api/backups/\(id)")
            if status != 200 { missing.append("\(id): \(status)") }
        }
        XCTAssertEqual(missing, [], "acknowledged runs missing after the restore", file: file, line: line)
    }

    /// `duplistatus verify` accepts the directory.
    private static func assertVerifies(_ directory: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let verify = try ServerProcess.run(["verify", "--data-dir", directory])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr, file: file, line: line)
    }

    /// The entries of `root` a restore of `directory` made beside it.
    private static func siblings(of directory: String, in root: String) throws -> [String] {
        let name = URL(fileURLWithPath: directory).lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(name + ".") }.sorted()
    }

    /// Runs a tool and returns its output; fails the test when it exits with an error.
    private static func tool(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(arguments.joined(separator: " ")): \(text)")
        return text
    }
}

/// Real reports sent over several connections until stopped, remembering which runs the server
/// acknowledged and in what order.
final class UploadFeed: @unchecked Sendable {
    private let server: ServerProcess
    private let reports: RealReports
    private let lock = NSLock()
    private var ids: [String] = []
    private var errors: [String] = []
    private var stopped = false
    private var next = 0

    init(server: ServerProcess, reports: RealReports) {
        self.server = server
        self.reports = reports
    }

    /// The runs acknowledged so far, oldest first.
    var acknowledged: [String] { lock.withLock { ids } }
    /// Uploads that did not get 201, with why.
    var failures: [String] { lock.withLock { errors } }

    /// Uploads from `lanes` connections until `stop`.
    func run(lanes: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    while !self.lock.withLock({ self.stopped }) { _ = try await self.uploadOne() }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Stops the lanes after their current upload.
    func stop() { lock.withLock { stopped = true } }

    /// Sends one new run; returns its id once acknowledged.
    @discardableResult
    func uploadOne() async throws -> String {
        let run = lock.withLock {
            defer { next += 1 }
            return next
        }
        let body = try reports.body(machineId: "feed-machine-\(run % 7)", machineName: "FEED-NAS-\(run % 7)", run: run)
        let (status, answer) = try await server.request("POST", "api/upload", json: body)
        let id = (try? JSONDecoder().decode(Answer.self, from: answer))?.data.backupId
        lock.withLock {
            if status == 201, let id { ids.append(id) } else { errors.append("\(status): \(String(decoding: answer, as: UTF8.self))") }
        }
        return id ?? ""
    }

    /// Waits until `count` runs were acknowledged.
    func waitUntil(acknowledged count: Int) async throws {
        while acknowledged.count < count {
            guard failures.isEmpty else { throw UploadsFailed(failures: failures) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// An upload was refused or failed.
    struct UploadsFailed: Error {
        var failures: [String]
    }

    private struct Answer: Decodable {
        struct Data: Decodable { var backupId: String }
        var data: Data
    }
}
