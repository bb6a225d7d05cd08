import FlatStore
import XCTest

/// The crash-test workload: writer `w`'s batch `n` puts note `w<w>-<n>` and moves counter note
/// `c<w>` to `n` in one batch, so the recovered counter says exactly which notes must exist.
enum PrefixWorkload {
    static func batch(writer: Int, number: Int64) throws -> WriteBatch {
        var batch = WriteBatch()
        try batch.put(Note(id: "w\(writer)-\(number)", group: "w\(writer)", time: number, text: "payload \(number) ✓/"))
        try batch.put(Note(id: "c\(writer)", group: "counters", time: number, text: "counter"))
        return batch
    }

    /// Problems with the recovered store: an acknowledged batch missing, or a hole below a counter.
    static func problems(in store: FlatStore, acked: [Int: Int64]) -> [String] {
        store.read { view in
            var problems: [String] = []
            var notes: [String: Set<Int64>] = [:]
            for (key, summary) in view.all(Note.self) where summary.group != "counters" {
                notes[summary.group, default: []].insert(summary.time)
                _ = key
            }
            let writers = Set(acked.keys).union(notes.keys.compactMap { Int($0.dropFirst()) })
            for writer in writers {
                let last = view.summary(Note.self, key: "c\(writer)")?.time ?? 0
                if let ack = acked[writer], ack > last {
                    problems.append("writer \(writer): batch \(ack) acknowledged, store ends at \(last)")
                }
                let have = notes["w\(writer)"] ?? []
                if have != Set((0...last).dropFirst()) {
                    problems.append("writer \(writer): notes \(have.sorted().prefix(5))… do not form 1…\(last)")
                }
            }
            return problems
        }
    }
}
