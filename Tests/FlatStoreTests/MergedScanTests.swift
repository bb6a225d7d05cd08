import FlatStore
import Foundation
import XCTest

/// Scans over several partitions merged by sort key, against the same question answered by
/// sorting every record.
final class MergedScanTests: XCTestCase {
    func testMergedScansMatchSortingEveryRecord() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FlatStore.open(testOptions(directory), schema: .notes)
        defer { store.closeBlocking() }
        // Interleaved times with ties across groups, some inserted out of order, some deleted.
        var batch = WriteBatch()
        for index in 0..<300 {
            let group = ["a", "b", "c", "d"][index % 4]
            let time = Int64((index * 37) % 200)
            try batch.put(Note(id: "n\(index)", group: group, time: time, text: String(repeating: "x", count: index % 7)))
        }
        try await store.write(batch)
        for index in stride(from: 0, to: 300, by: 11) { try await store.delete(Note.self, key: "n\(index)") }
        let all = store.read { $0.all(Note.self).map(\.summary) }
        let groups = ["c", "a", "b"]

        let filters: [((Note.Summary) -> Bool)?] = [nil, { $0.size > 2 }]
        let pages = [(0, Int.max), (0, 10), (25, 30), (200, 5), (0, 0)]
        for from in [nil, Int64(40)] {
            for to in [nil, Int64(150)] {
                for descending in [false, true] {
                    for (offset, limit) in pages {
                        for predicate in filters {
                            let page = try store.read { view in
                                try view.scan(
                                    Note.self,
                                    index: "byGroup",
                                    partitions: groups,
                                    from: from,
                                    to: to,
                                    descending: descending,
                                    offset: offset,
                                    limit: limit,
                                    where: predicate
                                )
                            }
                            let matching = all.filter { note in
                                groups.contains(note.group) && (from ?? .min)...(to ?? .max) ~= note.time
                                    && (predicate?(note) ?? true)
                            }
                            let times = matching.map(\.time).sorted(by: descending ? (>) : (<))
                            let label =
                                "\(String(describing: from))...\(String(describing: to)) descending \(descending), "
                                + "page \(offset)+\(limit), filtered \(predicate != nil)"
                            XCTAssertEqual(page.total, matching.count, label)
                            XCTAssertEqual(page.items.map(\.summary.time), Array(times.dropFirst(offset).prefix(limit)), label)
                            XCTAssertTrue(page.items.allSatisfy { groups.contains($0.summary.group) }, label)
                        }
                    }
                }
            }
        }
        let none = try store.read { try $0.scan(Note.self, index: "byGroup", partitions: [], descending: true) }
        XCTAssertEqual(none.total, 0)
        XCTAssertTrue(none.items.isEmpty)
        let unknown = try store.read { try $0.scan(Note.self, index: "byGroup", partitions: ["a", "nobody"]) }
        XCTAssertEqual(unknown.total, all.filter { $0.group == "a" }.count)
    }
}
