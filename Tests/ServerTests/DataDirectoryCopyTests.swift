import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A backup of the data directory as users make one — a file-by-file copy of the live directory,
/// slower than a minute — while the real server deletes most of its servers and compacts twice:
/// the copy opens with every run of the servers nobody touched, and `verify` agrees.
final class DataDirectoryCopyTests: XCTestCase {
    private static let servers = 100
    private static let runsPerServer = 200
    /// Servers 0–39 are never touched; 40–99 are deleted while the copy runs.
    private static let untouched = 40

    func testASlowCopyDuringDeletesAndCompactionsHoldsEveryUntouchedRun() async throws {
        let copySeconds = Double(ProcessInfo.processInfo.environment["DUPLISTATUS_COPY_SECONDS"] ?? "") ?? 150
        let data = TestDataDirectory.make("copy-source", for: self)
        let copy = TestDataDirectory.make("copy", for: self)
        let server = try ServerProcess(dataDirectory: data)
        defer { server.stop() }
        let reports = try RealReports()
        try await Self.upload(to: server, reports: reports, servers: 0..<Self.servers, runs: 0..<Self.runsPerServer)

        // The copy lists the directory, then copies one file after another, the log last.
        let listed = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0 != "LOCK" }
            .sorted { ($0.hasPrefix("log-") ? 1 : 0, $0) < ($1.hasPrefix("log-") ? 1 : 0, $1) }
        let started = Date()
        let copier = Task.detached {
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            var vanished: [String] = []
            for (index, name) in listed.enumerated() {
                let due = started.addingTimeInterval(copySeconds * Double(index + 1) / Double(listed.count))
                try await Task.sleep(for: .seconds(max(0, due.timeIntervalSinceNow)))
                do {
                    try FileManager.default.copyItem(atPath: data + "/" + name, toPath: copy + "/" + name)
                } catch {
                    vanished.append(name)  // cp reports it and goes on
                }
            }
            return vanished
        }

        for index in Self.untouched..<Self.servers {
            let (status, body) = try await server.request("DELETE", "api/servers/\(Self.machineId(index))")
            XCTAssertEqual(status, 200, String(decoding: body, as: UTF8.self))
        }
        try await Self.compact(server)
        // Past the minute after which the replaced files used to be deleted: write more, compact again.
        try await Task.sleep(for: .seconds(copySeconds * 0.45))
        try await Self.upload(to: server, reports: reports, servers: 0..<Self.untouched, runs: Self.runsPerServer..<(Self.runsPerServer + 5))
        try await Self.compact(server)
        // A `*.tmp` is a snapshot, compaction or compression still being written (the data
        // directory's README): it is renamed when complete, and an open removes a copied one, so
        // only the complete files are promised to stay for a copy.
        let vanished = try await copier.value.filter { !$0.hasSuffix(".tmp") }
        XCTAssertEqual(vanished, [], "files the copy listed were deleted before it reached them")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), copySeconds)

        let verify = try ServerProcess.run(["verify", "--data-dir", copy])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        let restored = try ServerProcess(dataDirectory: copy)
        defer { restored.stop() }
        var missing: [String] = []
        for index in 0..<Self.untouched {
            let (status, body) = try await restored.request("GET", "api/servers/\(Self.machineId(index))/backups?pageSize=1")
            let total = (try? JSONDecoder().decode(HistoryPage.self, from: body))?.data.total ?? -1
            if status != 200 || total < Self.runsPerServer { missing.append("server \(index): \(status), \(total) runs") }
        }
        XCTAssertEqual(missing, [], "runs of untouched servers lost in the copy")
    }

    /// The part of a run-history answer this test reads.
    private struct HistoryPage: Decodable {
        struct Data: Decodable { var total: Int }
        var data: Data
    }

    private static func machineId(_ index: Int) -> String { "copy-test-machine-\(index)" }

    /// Uploads one real report per server and run, each with its own machine and start time, over
    /// eight keep-alive connections.
    private static func upload(to server: ServerProcess, reports: RealReports, servers: Range<Int>, runs: Range<Int>) async throws {
        var bodies: [Data] = []
        for index in servers {
            for run in runs {
                bodies.append(try reports.body(machineId: machineId(index), machineName: "COPY-NAS-\(index)", run: run))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                let mine = bodies.enumerated().filter { $0.offset % 8 == lane }.map(\.element)
                group.addTask {
                    for body in mine {
                        let (status, answer) = try await server.request("POST", "api/upload", json: body)
                        XCTAssertEqual(status, 201, String(decoding: answer, as: UTF8.self))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func compact(_ server: ServerProcess) async throws {
        let (status, body) = try await server.request("POST", "api/admin/database/maintenance", json: Data(#"{"operation":"compact"}"#.utf8))
        XCTAssertEqual(status, 200, String(decoding: body, as: UTF8.self))
    }
}
