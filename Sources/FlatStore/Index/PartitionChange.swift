/// A change to one partition of a secondary index, as seen by an aggregate declared with
/// `StoreSchema.aggregate(_:from:partitionsOf:update:)`.
///
/// An insert carries only `inserted`; a delete only `removed`; a replacement within one partition
/// carries both; a replacement that moves a record to another partition arrives as a removal from
/// the old partition followed by an insertion into the new one. A change with neither announces
/// the partition whole, once, when the store has opened: the aggregate builds it from
/// `summaries(from:to:)` (see `isWholePartition`). The change is delivered after the
/// index was updated, inside the store's lock, so `summaries(from:to:)` reads the partition as it is
/// now: an aggregate that cannot undo a removal arithmetically recomputes from it.
public struct PartitionChange<Record: StoreRecord> {
    /// The partition's number in its index: dense from 0, never reused while the store is open.
    public let partition: Int
    /// The partition's name (e.g. a job's key).
    public let partitionName: String
    /// The record's summary before the change, when it was in this partition.
    public let removed: Record.Summary?
    /// The record's sort key before the change, when it was in this partition.
    public let removedSortKey: Int64?
    /// The record's summary after the change, when it is in this partition.
    public let inserted: Record.Summary?
    /// The record's sort key after the change, when it is in this partition.
    public let insertedSortKey: Int64?
    let collection: CollectionIndex<Record>
    let indexPosition: Int

    /// Whether this announces the whole partition as loaded at open, rather than one record's change.
    public var isWholePartition: Bool { removed == nil && inserted == nil }

    /// The summaries of the partition whose sort key is within `from...to`, in index order
    /// (by sort key; equal keys in the order they were inserted), as they are after the change.
    public func summaries(from: Int64, to: Int64) -> [Record.Summary] {
        collection.secondary[indexPosition].slots(partition: partition, from: from, to: to)
            .compactMap { collection.summary(at: $0.slot) }
    }
}

/// An aggregate fed with the changes of one secondary index's partitions.
struct PartitionFeed<Record: StoreRecord>: Sendable {
    /// The position of the index among the collection's secondary indexes.
    let indexPosition: Int
    /// Applies a change to the aggregate.
    let apply: @Sendable (AggregateTable, PartitionChange<Record>) -> Void
}
