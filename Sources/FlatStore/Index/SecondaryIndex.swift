/// Declares an ordered secondary index over a collection: records grouped by a partition string
/// (e.g. a job) and ordered by a 64-bit sort key (e.g. a timestamp) within it.
public struct IndexDefinition<Record: StoreRecord>: Sendable {
    /// The index name used by `StoreView.scan`.
    public let name: String
    /// The partition of a record, or `nil` to leave it out of this index.
    public let partition: @Sendable (Record.Summary) -> String?
    /// The sort key of a record within its partition.
    public let sortKey: @Sendable (Record.Summary) -> Int64

    /// Creates an index definition.
    public init(
        _ name: String,
        partition: @escaping @Sendable (Record.Summary) -> String?,
        sortKey: @escaping @Sendable (Record.Summary) -> Int64
    ) {
        self.name = name
        self.partition = partition
        self.sortKey = sortKey
    }
}

/// The in-memory form of one secondary index: per partition, (sort key, slot) pairs kept sorted.
///
/// Records mostly arrive in time order, so inserts are appends; the rare out-of-order insert is a
/// binary search and a move within one partition.
struct SecondaryIndex<Record: StoreRecord> {
    struct Entry {
        var sortKey: Int64
        var slot: Int32
    }

    let definition: IndexDefinition<Record>
    private(set) var partitions: [String: [Entry]] = [:]

    init(_ definition: IndexDefinition<Record>) {
        self.definition = definition
    }

    mutating func insert(_ summary: Record.Summary, slot: Int32) {
        guard let partition = definition.partition(summary) else { return }
        let entry = Entry(sortKey: definition.sortKey(summary), slot: slot)
        Self.insertSorted(entry, into: &partitions[partition, default: []])
    }

    mutating func remove(_ summary: Record.Summary, slot: Int32) {
        guard let partition = definition.partition(summary), partitions[partition] != nil else { return }
        let sortKey = definition.sortKey(summary)
        let isEmpty = Self.removeEntry(sortKey: sortKey, slot: slot, from: &partitions[partition, default: []])
        if isEmpty { partitions[partition] = nil }
    }

    /// Slots of one partition with `from <= sortKey <= to`, in the asked order.
    func slots(partition: String, from: Int64?, to: Int64?, descending: Bool) -> ArraySlice<Entry> {
        guard let entries = partitions[partition] else { return [] }
        let start = from.map { Self.lowerBound(entries, $0) } ?? 0
        let end = to.map { Self.lowerBound(entries, $0 == .max ? $0 : $0 + 1) } ?? entries.count
        guard start < end else { return [] }
        return entries[start..<end]
    }

    /// Removes one entry in place (no copy of the partition); returns whether the partition is now empty.
    private static func removeEntry(sortKey: Int64, slot: Int32, from entries: inout [Entry]) -> Bool {
        var index = lowerBound(entries, sortKey)
        while index < entries.count, entries[index].sortKey == sortKey {
            if entries[index].slot == slot {
                entries.remove(at: index)
                break
            }
            index += 1
        }
        return entries.isEmpty
    }

    private static func insertSorted(_ entry: Entry, into entries: inout [Entry]) {
        if let last = entries.last, last.sortKey > entry.sortKey {
            entries.insert(entry, at: lowerBound(entries, entry.sortKey + 1))
        } else {
            entries.append(entry)
        }
    }

    static func lowerBound(_ entries: [Entry], _ sortKey: Int64) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].sortKey < sortKey { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
