import Foundation
import XCTest

@testable import FlatStore

/// Background threads run ten nice levels below the thread that starts them; the scrub is one.
final class MaintenancePriorityTests: XCTestCase {
    func testBackgroundThreadsRunTenNiceLevelsLower() throws {
        #if os(Linux)
        // A new thread inherits its creator's nice value (libdispatch's workers have their own).
        let creator = DedicatedThread.ownNiceValue()
        XCTAssertEqual(try DedicatedThread.run(priority: .background) { DedicatedThread.ownNiceValue() }, min(creator + 10, 19))
        XCTAssertEqual(try DedicatedThread.run(priority: .normal) { DedicatedThread.ownNiceValue() }, creator)
        XCTAssertEqual(DedicatedThread.ownNiceValue(), creator, "the caller's own value is unchanged")
        #else
        throw XCTSkip("nice values per thread are Linux's")
        #endif
    }

    func testRunHandsBackTheThreadsError() {
        XCTAssertThrowsError(try DedicatedThread.run(priority: .background) { () throws -> Int in throw StoreError.closed }) {
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
}
