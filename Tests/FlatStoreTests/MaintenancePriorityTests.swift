import Foundation
import XCTest

@testable import FlatStore

/// Background threads run ten nice levels below the thread that starts them; the scrub is one.
/// Every dedicated thread carries a name of its own.
final class MaintenancePriorityTests: XCTestCase {
    func testDedicatedThreadsCarryTheirNames() throws {
        #if os(Linux)
        XCTAssertEqual(try DedicatedThread.run(named: "store-test", priority: .normal) { Self.ownThreadName() }, "store-test")
        XCTAssertEqual(
            try DedicatedThread.run(named: "a-name-longer-than-linux-keeps", priority: .normal) { Self.ownThreadName() },
            "a-name-longer-t",
            "cut to 15 bytes"
        )
        #else
        throw XCTSkip("thread names through /proc are Linux's")
        #endif
    }

    func testAnOpenStoreShowsItsCommitAndMaintenanceThreads() async throws {
        #if os(Linux)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = testOptions(directory)
        options.backgroundMaintenance = true
        // Stores another test left open have threads of these names too, and some may end
        // meanwhile: look for new threads, by id.
        let before = Set(threads().map(\.id))
        let store = try FlatStore.open(options, schema: .notes)
        // A new thread names itself once it runs, which can be after the open returns.
        let named = {
            Set(self.threads().filter { !before.contains($0.id) }.map(\.name)).isSuperset(of: ["store-commit", "store-maintain"])
        }
        for _ in 0..<200 where !named() { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertTrue(named(), "a new thread of each name: \(threads())")
        await store.close()
        #else
        throw XCTSkip("thread names through /proc are Linux's")
        #endif
    }

    func testBackgroundThreadsRunTenNiceLevelsLower() throws {
        #if os(Linux)
        // A new thread inherits its creator's nice value (libdispatch's workers have their own).
        let creator = DedicatedThread.ownNiceValue()
        XCTAssertEqual(
            try DedicatedThread.run(named: "test-background", priority: .background) { DedicatedThread.ownNiceValue() },
            min(creator + 10, 19)
        )
        XCTAssertEqual(try DedicatedThread.run(named: "test-normal", priority: .normal) { DedicatedThread.ownNiceValue() }, creator)
        XCTAssertEqual(DedicatedThread.ownNiceValue(), creator, "the caller's own value is unchanged")
        #else
        throw XCTSkip("nice values per thread are Linux's")
        #endif
    }

    func testRunHandsBackTheThreadsError() {
        XCTAssertThrowsError(try DedicatedThread.run(named: "test-error", priority: .background) { () throws -> Int in throw StoreError.closed }) {
            guard case .closed = $0 as? StoreError else { return XCTFail("\($0)") }
        }
    }

    func testTheMaintenanceLoopScrubsAfterAnOpenFromASnapshot() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var store = try FlatStore.open(testOptions(directory), schema: .notes)
        try await store.put(Note(id: "n1", group: "even", time: 1, text: "t"))
        await store.close()

        var options = testOptions(directory)
        options.backgroundMaintenance = true
        options.maintenanceInterval = 0.05
        store = try FlatStore.open(options, schema: .notes)
        // An open from a snapshot has not read the lines it covers, so a scrub is due (asking
        // `scrubIsDue` here would race the loop's first tick).
        XCTAssertNotNil(store.statistics().recovery.snapshot, "the open loaded the snapshot close wrote")
        for _ in 0..<200 where store.scrubIsDue { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertFalse(store.scrubIsDue, "the loop scrubbed them on its background thread")
        await store.close()
    }

    /// The calling thread's name, as Linux shows it.
    private static func ownThreadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }

    /// This process's threads: their ids and names.
    private func threads() -> [(id: String, name: String)] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return name.map { (task, $0.trimmingCharacters(in: .newlines)) }
        }
    }
}
