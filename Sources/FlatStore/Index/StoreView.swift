/// A consistent, read-only view of a store's indexes and aggregates, valid inside `FlatStore.read`.
///
/// It is not `Sendable`, so it cannot leave the closure. Everything here is in memory; reading a record's body is `FlatStore.record(_:key:)`, outside the view.
public struct StoreView {
    let state: StoreState

    init(state: StoreState) {
        self.state = state
    }

    /// The sequence number of the newest write applied. Every write raises it, so two views of
    /// the same open store with the same number hold the same records: readers key caches on it.
    public var lastSequence: UInt64 { state.lastSequence }

    /// Number of live records in a collection.
    public func count<Record: StoreRecord>(_ type: Record.Type) -> Int {
        state.typed(type)?.count ?? 0
    }

    /// The summary of one record.
    public func summary<Record: StoreRecord>(_ type: Record.Type, key: String) -> Record.Summary? {
        guard let collection = state.typed(type), let slot = collection.slot(of: key) else { return nil }
        state.entriesRead += 1
        return collection.summary(at: slot)
    }

    /// Where a record's line is on disk (its sequence number tells its place in commit order).
    public func location<Record: StoreRecord>(_ type: Record.Type, key: String) -> RecordLocation? {
        state.typed(type)?.location(of: key)
    }

    /// Whether a record exists.
    public func contains<Record: StoreRecord>(_ type: Record.Type, key: String) -> Bool {
        state.typed(type)?.slot(of: key) != nil
    }

    /// Every record's key and summary, in no particular order (for small collections).
    public func all<Record: StoreRecord>(_ type: Record.Type) -> [(key: String, summary: Record.Summary)] {
        guard let collection = state.typed(type) else { return [] }
        var result: [(key: String, summary: Record.Summary)] = []
        result.reserveCapacity(collection.count)
        for (slot, summary) in collection.summaries.enumerated() {
            if let summary { result.append((collection.keys[slot], summary)) }
        }
        state.entriesRead += result.count
        return result
    }

    /// An ordered range of one partition of a secondary index, filtered, then paged.
    ///
    /// `total` counts every match, so the work is proportional to the partition, never the collection.
    public func scan<Record: StoreRecord>(
        _ type: Record.Type,
        index: String,
        partition: String,
        from: Int64? = nil,
        to: Int64? = nil,
        descending: Bool = false,
        offset: Int = 0,
        limit: Int = .max,
        where predicate: ((Record.Summary) -> Bool)? = nil
    ) throws(StoreError) -> ScanPage<Record.Summary> {
        guard let collection = state.typed(type) else { return ScanPage(total: 0, items: []) }
        let secondary = try Self.secondary(collection, index)
        let entries = secondary.slots(partition: partition, from: from, to: to)
        guard let predicate else {
            // Unfiltered: the total is the range's size and only the page is materialised.
            let wanted =
                min(offset, entries.count)..<min(entries.count, offset.addingReportingOverflow(limit).overflow ? entries.count : offset + limit)
            let items = wanted.compactMap { position -> (key: String, summary: Record.Summary)? in
                let entry = entries[descending ? entries.endIndex - 1 - position : entries.startIndex + position]
                return collection.summary(at: entry.slot).map { (key: collection.keys[Int(entry.slot)], summary: $0) }
            }
            state.entriesRead += items.count
            return ScanPage(total: entries.count, items: items)
        }
        var total = 0
        var items: [(key: String, summary: Record.Summary)] = []
        let visit = { (entry: SecondaryIndex.Entry) in
            guard let summary = collection.summary(at: entry.slot), predicate(summary) else { return }
            if total >= offset, items.count < limit { items.append((collection.keys[Int(entry.slot)], summary)) }
            total += 1
        }
        if descending { entries.reversed().forEach(visit) } else { entries.forEach(visit) }
        state.entriesRead += entries.count
        return ScanPage(total: total, items: items)
    }

    /// Ordered ranges of several partitions of one secondary index, merged by sort key as if they
    /// were one partition, then filtered and paged like the one-partition `scan`.
    ///
    /// For the few partitions one owner has (e.g. the jobs of a server): a page costs its offset
    /// and length times the number of partitions; `total` still counts every match. Name each
    /// partition once.
    public func scan<Record: StoreRecord>(
        _ type: Record.Type,
        index: String,
        partitions: [String],
        from: Int64? = nil,
        to: Int64? = nil,
        descending: Bool = false,
        offset: Int = 0,
        limit: Int = .max,
        where predicate: ((Record.Summary) -> Bool)? = nil
    ) throws(StoreError) -> ScanPage<Record.Summary> {
        if partitions.count == 1 {
            return try scan(
                type,
                index: index,
                partition: partitions[0],
                from: from,
                to: to,
                descending: descending,
                offset: offset,
                limit: limit,
                where: predicate
            )
        }
        guard let collection = state.typed(type) else { return ScanPage(total: 0, items: []) }
        let secondary = try Self.secondary(collection, index)
        var entries = MergedEntries(partitions.map { secondary.slots(partition: $0, from: from, to: to) }, descending: descending)
        // Unfiltered, the total is the ranges' sizes and the walk stops after the page.
        let end = predicate == nil ? offset.addingReportingOverflow(limit) : (.max, true)
        let stop = end.overflow ? Int.max : end.partialValue
        var total = 0
        var visited = 0
        var items: [(key: String, summary: Record.Summary)] = []
        while total < stop, let entry = entries.next() {
            visited += 1
            guard let summary = collection.summary(at: entry.slot), predicate?(summary) ?? true else { continue }
            if total >= offset, items.count < limit { items.append((collection.keys[Int(entry.slot)], summary)) }
            total += 1
        }
        state.entriesRead += visited
        return ScanPage(total: predicate == nil ? entries.count : total, items: items)
    }

    /// How many records one partition of a secondary index holds.
    public func count<Record: StoreRecord>(_ type: Record.Type, index: String, partition: String) throws(StoreError) -> Int {
        guard let collection = state.typed(type) else { return 0 }
        return try Self.secondary(collection, index).slots(partition: partition, from: nil, to: nil).count
    }

    /// The partitions of a secondary index.
    public func partitions<Record: StoreRecord>(_ type: Record.Type, index: String) throws(StoreError) -> [String] {
        guard let collection = state.typed(type) else { return [] }
        return try Self.secondary(collection, index).partitions
    }

    /// The secondary index `name` of `collection`.
    ///
    /// Asking for an index the schema does not declare is a programming error (a typo, or an index
    /// missing from `StoreSchema.register`), never an empty result: it stops a debug build here and
    /// throws `StoreError.unknownIndex` in a release build.
    private static func secondary<Record: StoreRecord>(
        _ collection: CollectionIndex<Record>,
        _ name: String
    ) throws(StoreError) -> SecondaryIndex {
        guard let index = collection.secondaryIndex(named: name) else {
            assertionFailure("index '\(name)' is not declared for collection '\(Record.collection)' in the store's schema")
            throw StoreError.unknownIndex(collection: Record.collection, index: name)
        }
        return index
    }

    /// The current value of an aggregate declared in the schema.
    public func aggregate<Value>(_ type: Value.Type) -> Value? {
        state.aggregates.box(type)?.value
    }
}

/// One page of a scan.
public struct ScanPage<Summary: Sendable>: Sendable {
    /// How many records matched in all.
    public let total: Int
    /// The requested page of matches.
    public let items: [(key: String, summary: Summary)]
}
