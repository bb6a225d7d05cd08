import XCTest

@testable import FlatStore

/// The sizes docs/store.md and docs/performance.md count per record: a field added or reordered
/// that pads them shows here, not only as a few percent more memory in a benchmark.
final class MemoryLayoutTests: XCTestCase {
    func testPerRecordSizes() {
        XCTAssertEqual(MemoryLayout<RecordLocation>.stride, 16)
        XCTAssertEqual(MemoryLayout<SecondaryIndex.Entry>.stride, 12)
    }
}
