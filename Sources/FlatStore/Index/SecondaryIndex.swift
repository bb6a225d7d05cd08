/// Declares an ordered secondary index over a collection: records grouped by a partition string
/// (e.g. a job) and ordered by a 64-bit sort key (e.g. a timestamp) within it.
///
/// Both are computed from the record's index fields, so summaries need not repeat the partition
/// string for every record: the index keeps each partition name once.
public struct IndexDefinition: Sendable {
    /// The index name used by `StoreView.scan`.
    public let name: String
    /// The partition of a record, or `nil` to leave it out of this index.
    public let partition: @Sendable (IndexFields) -> String?
    /// The sort key of a record within its partition.
    public let sortKey: @Sendable (IndexFields) -> Int64

    /// Creates an index definition.
    public init(
        _ name: String,
        partition: @escaping @Sendable (IndexFields) -> String?,
        sortKey: @escaping @Sendable (IndexFields) -> Int64
    ) {
        self.name = name
        self.partition = partition
        self.sortKey = sortKey
    }
}

/// The in-memory form of one secondary index: per partition, (sort key, slot) pairs kept sorted,
/// and per slot its partition, so removal needs nothing but the slot.
///
/// Records mostly arrive in time order, so inserts are appends; the rare out-of-order insert is a
/// binary search and a move within one partition. Arrays grow by a quarter, not Swift's doubling:
/// an index holds an entry per record, and doubling leaves on average 40 % of it unused.
///
/// A slot's sort key is kept only in its entry (12 bytes), not per slot as well: removing or
/// repositioning a slot looks for its entry from both ends of its partition, which costs no more
/// than the move that removing it from the array costs anyway, and finds at once the newest and
/// oldest entries that updates and retention touch.
struct SecondaryIndex {
    /// One record in a partition: its sort key, in two halves so the entry packs to 12 bytes
    /// (an `Int64` field would align it to 16), and its slot.
    struct Entry {
        private var sortKeyHigh: Int32
        private var sortKeyLow: UInt32
        var slot: Int32

        init(sortKey: Int64, slot: Int32) {
            sortKeyHigh = Int32(truncatingIfNeeded: sortKey >> 32)
            sortKeyLow = UInt32(truncatingIfNeeded: sortKey)
            self.slot = slot
        }

        var sortKey: Int64 { Int64(sortKeyHigh) << 32 | Int64(sortKeyLow) }
    }

    let definition: IndexDefinition
    private var partitionIDs: [String: Int32] = [:]
    private(set) var partitionNames: [String] = []
    private var entries: [[Entry]] = []
    /// Per slot: its partition, or -1 when not indexed.
    private var slotPartition: [Int32] = []

    init(_ definition: IndexDefinition) {
        self.definition = definition
    }

    mutating func insert(_ fields: IndexFields, slot: Int32) {
        grow(to: Int(slot) + 1)
        guard let name = definition.partition(fields) else {
            slotPartition[Int(slot)] = -1
            return
        }
        let partition: Int32
        if let existing = partitionIDs[name] {
            partition = existing
        } else {
            partition = Int32(partitionNames.count)
            partitionIDs[name] = partition
            partitionNames.append(name)
            entries.append([])
        }
        slotPartition[Int(slot)] = partition
        Self.insertSorted(Entry(sortKey: definition.sortKey(fields), slot: slot), into: &entries[Int(partition)])
    }

    /// Sizes the per-slot array for `count` slots, so loading a snapshot allocates it once.
    mutating func reserveCapacity(_ count: Int) {
        slotPartition.reserveCapacity(count)
    }

    mutating func remove(slot: Int32) {
        guard let partition = partition(of: slot) else { return }
        if let index = Self.index(of: slot, in: entries[partition]) { entries[partition].remove(at: index) }
        slotPartition[Int(slot)] = -1
    }

    /// The non-empty partitions' names.
    var partitions: [String] {
        partitionNames.indices.filter { !entries[$0].isEmpty }.map { partitionNames[$0] }
    }

    /// The partition number and sort key of an indexed slot (nil when the slot is not in this index).
    func position(of slot: Int32) -> (partition: Int, sortKey: Int64)? {
        guard let partition = partition(of: slot), let index = Self.index(of: slot, in: entries[partition]) else {
            return nil
        }
        return (partition, entries[partition][index].sortKey)
    }

    /// Entries of one partition with `from <= sortKey <= to`, oldest first.
    func slots(partition: String, from: Int64?, to: Int64?) -> ArraySlice<Entry> {
        guard let id = partitionIDs[partition] else { return [] }
        return slots(partition: Int(id), from: from, to: to)
    }

    /// Entries of the partition numbered `id` with `from <= sortKey <= to`, oldest first.
    func slots(partition id: Int, from: Int64?, to: Int64?) -> ArraySlice<Entry> {
        guard entries.indices.contains(id) else { return [] }
        let all = entries[id]
        let start = from.map { Self.lowerBound(all, $0) } ?? 0
        let end = to.map { Self.lowerBound(all, $0 == .max ? $0 : $0 + 1) } ?? all.count
        guard start < end else { return [] }
        return all[start..<end]
    }

    private mutating func grow(to count: Int) {
        guard slotPartition.count < count else { return }
        let target = max(count, Self.grown(slotPartition.count))
        // Within the capacity reserved at open, or by a quarter beyond it.
        if slotPartition.capacity < target { slotPartition.reserveCapacity(target) }
        slotPartition.append(contentsOf: repeatElement(-1, count: target - slotPartition.count))
    }

    /// The next size of an array of `count` that is full: a quarter more (amortised O(1) appends).
    private static func grown(_ count: Int) -> Int { count + max(16, count / 4) }

    /// The partition of `slot`, if it is indexed.
    private func partition(of slot: Int32) -> Int? {
        guard Int(slot) < slotPartition.count, slotPartition[Int(slot)] >= 0 else { return nil }
        return Int(slotPartition[Int(slot)])
    }

    /// Where `slot`'s entry is in its partition, looking from both ends towards the middle.
    private static func index(of slot: Int32, in entries: [Entry]) -> Int? {
        var low = 0
        var high = entries.count - 1
        while low <= high {
            if entries[high].slot == slot { return high }
            if entries[low].slot == slot { return low }
            low += 1
            high -= 1
        }
        return nil
    }

    private static func insertSorted(_ entry: Entry, into entries: inout [Entry]) {
        if entries.count == entries.capacity { entries.reserveCapacity(grown(entries.count)) }
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
