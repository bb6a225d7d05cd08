/// The entries of several ranges of one secondary index (e.g. one per job of a server) in one
/// sort-key order, as if they were one partition.
///
/// Each step compares the ranges' heads, so it suits the handful of partitions one owner has, not
/// thousands; ties go to the range given first (ascending) or last (descending).
struct MergedEntries: IteratorProtocol {
    private let ranges: [ArraySlice<SecondaryIndex.Entry>]
    /// Per range, the next position to take: counting up from its start, or down from its end.
    private var positions: [Int]
    private let descending: Bool

    init(_ ranges: [ArraySlice<SecondaryIndex.Entry>], descending: Bool) {
        self.ranges = ranges
        self.descending = descending
        positions = ranges.map { descending ? $0.endIndex - 1 : $0.startIndex }
    }

    /// How many entries the ranges hold in all.
    var count: Int { ranges.reduce(0) { $0 + $1.count } }

    mutating func next() -> SecondaryIndex.Entry? {
        var best: Int?
        var bestKey: Int64 = 0
        for range in ranges.indices {
            let position = positions[range]
            guard ranges[range].indices.contains(position) else { continue }
            let key = ranges[range][position].sortKey
            if best == nil || (descending ? key >= bestKey : key < bestKey) {
                best = range
                bestKey = key
            }
        }
        guard let best else { return nil }
        defer { positions[best] += descending ? -1 : 1 }
        return ranges[best][positions[best]]
    }
}
