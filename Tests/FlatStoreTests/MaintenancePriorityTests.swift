import FlatStore
import Foundation
import XCTest

/// The maintenance loop (scrubs, snapshots, compactions) runs at background priority, and only it.
final class MaintenancePriorityTests: XCTestCase {
    func testOnlyTheMaintenanceThreadRunsAtNiceTen() async throws {
        #if os(Linux)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Other threads may have their own values (libdispatch's workers, run as root, go below 0),
        // and stores other tests left open have their loops: count the threads at nice 10 before.
        let before = try backgroundThreads()

        var options = testOptions(directory)
        options.backgroundMaintenance = true
        options.maintenanceInterval = 0.05
        let store = try FlatStore.open(options, schema: .notes)
        try await store.put(Note(id: "n1", group: "even", time: 1, text: "t"))
        var open = before
        for _ in 0..<100 where open == before {
            try await Task.sleep(for: .milliseconds(20))
            open = try backgroundThreads()
        }
        XCTAssertEqual(open, before + 1, "one more thread at nice 10, the store's maintenance loop; its committer is not")

        store.closeBlocking()
        var closed = open
        for _ in 0..<100 where closed != before {
            try await Task.sleep(for: .milliseconds(20))
            closed = try backgroundThreads()
        }
        XCTAssertEqual(closed, before, "the maintenance thread ends with the store")
        #else
        throw XCTSkip("thread nice values are read from /proc")
        #endif
    }

    /// How many of this process's threads run at nice 10 (field 19 of `/proc/self/task/TID/stat`).
    private func backgroundThreads() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").filter { thread in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(thread)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return false }  // the thread ended while we listed them
            // After "pid (comm)" come fields 3, 4, …: the nice value is the 17th of them.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            return fields.count > 16 && fields[16] == "10"
        }.count
    }
}
