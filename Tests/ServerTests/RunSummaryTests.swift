import FlatStore
import XCTest

@testable import Server

/// The in-memory run summary: its size (held once per run) and the schedule it packs into four bytes.
final class RunSummaryTests: XCTestCase {
    func testSummaryIsEightyBytesAndKeepsDuplicatisSchedule() throws {
        XCTAssertEqual(MemoryLayout<RunSummary>.stride, 80)
        // The index holds `RunSummary?`: the status's spare values mark nil, so no extra byte.
        XCTAssertEqual(MemoryLayout<RunSummary?>.stride, 80)
        var summary = ParsedRun.summary(key: "r", fields: IndexFields())
        XCTAssertNil(summary.nextScheduledRun)
        let scheduled = try XCTUnwrap(DuplicatiSchedule.parse("20261203T023000Z"))
        summary.nextScheduledRun = scheduled
        XCTAssertEqual(summary.nextScheduledRun, scheduled)
        // Through the index fields, as a snapshot or the log brings it back.
        let fields = IndexFields([ParsedRun.IndexKey.nextScheduledRun.rawValue: .int(scheduled)])
        XCTAssertEqual(ParsedRun.summary(key: "r", fields: fields).nextScheduledRun, scheduled)
        // Out of the four bytes' range: not kept rather than wrapped to a wrong instant.
        summary.nextScheduledRun = try XCTUnwrap(DuplicatiSchedule.parse("22000101T000000Z"))
        XCTAssertNil(summary.nextScheduledRun)
        summary.nextScheduledRun = nil
        XCTAssertNil(summary.nextScheduledRun)
    }
}
