/// The collections a store interprets, their secondary indexes and the aggregates fed by them.
public struct StoreSchema: Sendable {
    typealias CollectionFactory = @Sendable (AggregateTable) -> any CollectionIndexing
    typealias AggregateInstaller = @Sendable (AggregateTable) -> Void

    private(set) var factories: [String: CollectionFactory] = [:]
    private var indexes: [String: [any Sendable]] = [:]
    private var feeds: [String: [any Sendable]] = [:]
    /// Per collection: (index name, feed) of the aggregates fed per partition.
    private var partitionFeeds: [String: [(index: String, feed: any Sendable)]] = [:]
    private(set) var installers: [AggregateInstaller] = []

    /// An empty schema (every collection on disk is kept but not interpreted).
    public init() {}

    /// Declares a collection of `Record`s with its secondary indexes.
    public mutating func register<Record: StoreRecord>(_ type: Record.Type, indexes: [IndexDefinition] = []) {
        self.indexes[Record.collection] = indexes
        rebuildFactory(for: type)
    }

    /// Declares an aggregate of type `Value`, starting at `initial` and updated by `update` on every
    /// change to `Record`s (during open as well as on writes). Read it with `StoreView.aggregate`.
    public mutating func aggregate<Value: Sendable, Record: StoreRecord>(
        _ initial: Value,
        from type: Record.Type,
        update: @escaping @Sendable (inout Value, RecordChange<Record.Summary>) -> Void
    ) {
        installers.append { table in table.install(initial) }
        let feed: @Sendable (AggregateTable, RecordChange<Record.Summary>) -> Void = { table, change in
            guard let box = table.box(Value.self) else { return }
            update(&box.value, change)
        }
        feeds[Record.collection, default: []].append(feed)
        rebuildFactory(for: type)
    }

    /// Feeds an aggregate declared with `aggregate(_:from:update:)` from a second collection too.
    public mutating func feed<Value: Sendable, Record: StoreRecord>(
        _ aggregate: Value.Type,
        from type: Record.Type,
        update: @escaping @Sendable (inout Value, RecordChange<Record.Summary>) -> Void
    ) {
        let feed: @Sendable (AggregateTable, RecordChange<Record.Summary>) -> Void = { table, change in
            guard let box = table.box(Value.self) else { return }
            update(&box.value, change)
        }
        feeds[Record.collection, default: []].append(feed)
        rebuildFactory(for: type)
    }

    /// Declares an aggregate of type `Value`, starting at `initial` and updated by `update` with
    /// every change to a partition of `Record`'s secondary index `index` (see `PartitionChange`).
    /// Read it with `StoreView.aggregate`. While a store opens it is not fed record by record: once
    /// the snapshot and log are loaded it is fed the whole index, each partition in order, and from
    /// then on every write.
    ///
    /// The index must be registered with `Record` first; declaring it for an unknown index is a
    /// programming error.
    public mutating func aggregate<Value: Sendable, Record: StoreRecord>(
        _ initial: Value,
        from type: Record.Type,
        partitionsOf index: String,
        update: @escaping @Sendable (inout Value, PartitionChange<Record>) -> Void
    ) {
        precondition(
            (indexes[Record.collection] ?? []).contains { ($0 as? IndexDefinition)?.name == index },
            "index '\(index)' is not registered for collection '\(Record.collection)'"
        )
        installers.append { table in table.install(initial) }
        let feed: @Sendable (AggregateTable, PartitionChange<Record>) -> Void = { table, change in
            guard let box = table.box(Value.self) else { return }
            update(&box.value, change)
        }
        partitionFeeds[Record.collection, default: []].append((index, feed))
        rebuildFactory(for: type)
    }

    private mutating func rebuildFactory<Record: StoreRecord>(for type: Record.Type) {
        let definitions = (indexes[Record.collection] ?? []).compactMap { $0 as? IndexDefinition }
        let recordFeeds = (feeds[Record.collection] ?? []).compactMap {
            $0 as? @Sendable (AggregateTable, RecordChange<Record.Summary>) -> Void
        }
        let byPartition = (partitionFeeds[Record.collection] ?? []).compactMap { declared -> PartitionFeed<Record>? in
            guard let position = definitions.firstIndex(where: { $0.name == declared.index }),
                let apply = declared.feed as? @Sendable (AggregateTable, PartitionChange<Record>) -> Void
            else { return nil }
            return PartitionFeed(indexPosition: position, apply: apply)
        }
        factories[Record.collection] = { table in
            CollectionIndex<Record>(indexes: definitions, feeds: recordFeeds, partitionFeeds: byPartition, aggregates: table)
        }
    }
}

/// Everything in memory about an open store, guarded by the store's lock.
final class StoreState {
    let schema: StoreSchema
    let aggregates = AggregateTable()
    private(set) var collections: [String: any CollectionIndexing] = [:]
    /// The log position up to which every line has been applied.
    var applied = LogPosition(file: 1, offset: 0)
    /// The highest sequence number applied.
    var lastSequence: UInt64 = 0
    /// Bytes of lines that no longer hold a live record.
    var deadBytes: UInt64 = 0
    /// In-memory index entries handed to readers since open: how much work reads do, so tests can
    /// show a query costs in proportion to what it returns, not to the collection.
    var entriesRead = 0
    /// Whether partition aggregates are fed (from the end of recovery on).
    private(set) var partitionFeedsLive = false

    init(schema: StoreSchema) {
        self.schema = schema
        for install in schema.installers { install(aggregates) }
    }

    /// The collection last looked up: replay and commits mostly hit one collection many times in a row.
    private var recent: (name: String, collection: any CollectionIndexing)?

    func collection(named name: String) -> any CollectionIndexing {
        if let recent, recent.name == name { return recent.collection }
        let found: any CollectionIndexing
        if let existing = collections[name] {
            found = existing
        } else {
            found = schema.factories[name]?(aggregates) ?? OpaqueCollectionIndex(name: name)
            if partitionFeedsLive { found.startPartitionFeeds() }
            collections[name] = found
        }
        recent = (name, found)
        return found
    }

    /// Builds every partition aggregate from the loaded indexes and feeds them every later change;
    /// called once the store has loaded its snapshot and log.
    func startPartitionFeeds() {
        partitionFeedsLive = true
        for collection in collections.values { collection.startPartitionFeeds() }
    }

    func typed<Record: StoreRecord>(_ type: Record.Type) -> CollectionIndex<Record>? {
        collection(named: Record.collection) as? CollectionIndex<Record>
    }

    var liveBytes: UInt64 { collections.values.reduce(0) { $0 + $1.liveBytes } }
    var recordCount: Int { collections.values.reduce(0) { $0 + $1.count } }

    /// Applies a batch of a loaded snapshot's entries: each collection takes its own in one call,
    /// in order (collections are independent, so interleaving them differently changes nothing).
    func applyLoaded(_ entries: [SnapshotFile.Entry]) {
        var names: [String] = []
        for entry in entries where !names.contains(entry.collection) { names.append(entry.collection) }
        for name in names { deadBytes += collection(named: name).applyLoaded(entries) }
    }

    /// Applies one decoded line (replay and commit share this path).
    func apply(_ header: RecordHeader, summary: (any Sendable)?, location: RecordLocation) {
        let collection = collection(named: header.collection)
        switch header.operation {
        case .put:
            if let old = collection.applyPut(key: header.key, fields: header.fields, summary: summary, location: location) {
                deadBytes += UInt64(old.length)
            }
        case .delete:
            if let old = collection.applyDelete(key: header.key) { deadBytes += UInt64(old.length) }
            deadBytes += UInt64(location.length)
        }
        lastSequence = max(lastSequence, header.sequence)
    }
}

/// A position in the log: a segment number and a byte offset in it.
struct LogPosition: Sendable, Hashable, Comparable {
    var file: UInt32
    var offset: UInt64

    static func < (lhs: LogPosition, rhs: LogPosition) -> Bool {
        (lhs.file, lhs.offset) < (rhs.file, rhs.offset)
    }
}
