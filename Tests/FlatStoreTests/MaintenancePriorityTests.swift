import FlatStore
import Foundation
import XCTest

/// The maintenance loop (scrubs, snapshots, compactions) runs at background priority, and only it.
final class MaintenancePriorityTests: XCTestCase {
    func testOnlyTheMaintenanceThreadRunsAtNiceTen() async throws {
        #if os(Linux)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Other threads may have their own values (libdispatch's workers, run as root, go below 0);
        // background priority is nice 10, which nothing else here uses.
        XCTAssertEqual(try niceValues().filter { $0 == 10 }, [], "no thread at nice 10 before the store opens")

        var options = testOptions(directory)
        options.backgroundMaintenance = true
        options.maintenanceInterval = 0.05
        let store = try FlatStore.open(options, schema: .notes)
        try await store.put(Note(id: "n1", group: "even", time: 1, text: "t"))
        var niced: [Int] = []
        for _ in 0..<100 where niced.isEmpty {
            niced = try niceValues().filter { $0 == 10 }
            if niced.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertEqual(niced, [10], "one thread, the maintenance loop, at nice 10; the committer is not")

        store.closeBlocking()
        var left = niced
        for _ in 0..<100 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            left = try niceValues().filter { $0 == 10 }
        }
        XCTAssertEqual(left, [], "the maintenance thread ends with the store")
        #else
        throw XCTSkip("thread nice values are read from /proc")
        #endif
    }

    /// The nice value of each of this process's threads (field 19 of `/proc/self/task/TID/stat`).
    private func niceValues() throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { thread in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(thread)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return nil }  // the thread ended while we listed them
            // After "pid (comm)" come fields 3, 4, …: the nice value is the 17th of them.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            return fields.count > 16 ? Int(fields[16]) : nil
        }
    }
}
