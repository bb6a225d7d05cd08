/// What the untyped parts of the store (replay, compaction, snapshots) need from a collection.
protocol CollectionIndexing: AnyObject {
    var name: String { get }
    var count: Int { get }
    /// Bytes of the lines that hold live records.
    var liveBytes: UInt64 { get }
    /// Applies a put whose summary was built by the writer, or from `fields` when `summary` is nil;
    /// returns the location of the line it replaces.
    @discardableResult
    func applyPut(key: String, fields: IndexFields, summary: (any Sendable)?, location: RecordLocation) -> RecordLocation?
    /// Applies, in order, the entries of a loaded snapshot that belong to this collection (the others
    /// are skipped); returns the bytes of the lines they replaced.
    func applyLoaded(_ entries: [SnapshotFile.Entry]) -> UInt64
    /// Applies a delete; returns the removed record's location.
    @discardableResult func applyDelete(key: String) -> RecordLocation?
    func location(of key: String) -> RecordLocation?
    /// Sizes the index for about `count` records, so loading a snapshot does not rehash.
    func reserveCapacity(_ count: Int)
    /// Calls `body` with every live record's key and location.
    func forEachLocation(_ body: (String, RecordLocation) throws -> Void) rethrows
    /// Calls `body` with the key, location and place of the live records of about `limit` places
    /// from `cursor` (0 to begin) and returns the cursor to go on from, or nil once every record
    /// was seen: so a scan can let go of the state lock between calls. A record that stays put
    /// meanwhile is seen exactly once; one added or removed meanwhile may or may not be.
    func scanLocations(from cursor: Int, limit: Int, _ body: (String, RecordLocation, Int) -> Void) -> Int?
    /// Points `key`, found at `place` by `scanLocations(from:limit:_:)`, at its rewritten line
    /// if it still lives at `old`.
    func relocate(key: String, place: Int, from old: RecordLocation, to new: RecordLocation)
    /// Builds the partition aggregates from the index and feeds them every change from now on
    /// (until then, while a store opens, they are not fed: see `startPartitionFeeds`).
    func startPartitionFeeds()
}

/// The in-memory index of one typed collection: key → slot, and per slot the summary and location,
/// plus the secondary indexes and aggregate feeds declared in the schema.
final class CollectionIndex<Record: StoreRecord>: CollectionIndexing {
    typealias Feed = @Sendable (AggregateTable, RecordChange<Record.Summary>) -> Void

    let name = Record.collection
    private var slots = KeyTable()
    private(set) var keys: [String] = []
    private(set) var summaries: [Record.Summary?] = []
    private var locations: [RecordLocation] = []
    private var freeSlots: [Int32] = []
    // An array, not a dictionary: mutating elements in place avoids copying whole indexes.
    private(set) var secondary: [SecondaryIndex]
    private let feeds: [Feed]
    /// Aggregates fed per partition of a secondary index (see `PartitionChange`).
    let partitionFeeds: [PartitionFeed<Record>]
    /// Whether changes reach `partitionFeeds` yet (not while the store opens).
    var partitionFeedsLive = false
    let aggregates: AggregateTable
    private(set) var liveBytes: UInt64 = 0

    /// The per-record work compiled for `Record` itself (see `Specialised`).
    private let specialised: Specialised

    /// Puts and loads as closures made where the schema registers `Record`
    /// (`StoreSchema.rebuildFactory`), which the server's build specialises for its record types.
    /// `init` takes them as a default argument because a default is evaluated by the caller: the
    /// factory's specialised code makes them, so they are compiled for `Record` too.
    ///
    /// The store calls a collection through `CollectionIndexing`, whose witnesses are this class's
    /// generic code: every put there asked the Swift runtime again for the metadata of the
    /// summaries' array, the change value and the feeds (a hash-table lookup each), about a third
    /// of a put. The closures run code specialised for `Record`, which needs no such lookups.
    struct Specialised: Sendable {
        let put: @Sendable (CollectionIndex, String, IndexFields, (any Sendable)?, RecordLocation) -> RecordLocation?
        let load: @Sendable (CollectionIndex, [SnapshotFile.Entry]) -> UInt64

        /// Closures that call `put` and `loadBatch` on a `CollectionIndex` of this `Record`.
        static var forRecord: Specialised {
            Specialised(
                put: { index, key, fields, summary, location in
                    index.put(key: key, hash: KeyTable.hash(of: key), fields: fields, summary: summary, location: location)
                },
                load: { index, entries in index.loadBatch(entries) }
            )
        }
    }

    init(
        indexes: [IndexDefinition],
        feeds: [Feed],
        partitionFeeds: [PartitionFeed<Record>] = [],
        aggregates: AggregateTable,
        specialised: Specialised = .forRecord
    ) {
        secondary = indexes.map { SecondaryIndex($0) }
        self.feeds = feeds
        self.partitionFeeds = partitionFeeds
        self.aggregates = aggregates
        self.specialised = specialised
    }

    var count: Int { slots.count }

    func slot(of key: String) -> Int32? { slots.slot(of: key, keys: keys) }

    func summary(at slot: Int32) -> Record.Summary? { summaries[Int(slot)] }

    func location(of key: String) -> RecordLocation? { slot(of: key).map { locations[Int($0)] } }

    func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        slots.reserveCapacity(count, keys: keys)
        summaries.reserveCapacity(count)
        locations.reserveCapacity(count)
        for index in secondary.indices { secondary[index].reserveCapacity(count) }
    }

    func secondaryIndex(named name: String) -> SecondaryIndex? {
        secondary.first { $0.definition.name == name }
    }

    @discardableResult
    func applyPut(key: String, fields: IndexFields, summary: (any Sendable)?, location: RecordLocation) -> RecordLocation? {
        specialised.put(self, key, fields, summary, location)
    }

    func applyLoaded(_ entries: [SnapshotFile.Entry]) -> UInt64 {
        specialised.load(self, entries)
    }

    /// How many of this collection's entries of a batch ahead of the one being put have their key
    /// table bucket prefetched (a put takes longer than a miss, so a few cover the wait); for the
    /// entry half as many ahead, the key its bucket holds is prefetched.
    private static var prefetchDistance: Int { 8 }

    /// Applies the entries of a loaded snapshot that belong to this collection, in one loop.
    private func loadBatch(_ entries: [SnapshotFile.Entry]) -> UInt64 {
        var ownEntryIndices: [Int] = []
        ownEntryIndices.reserveCapacity(entries.count)
        for entryIndex in entries.indices where entries[entryIndex].collection == name { ownEntryIndices.append(entryIndex) }
        // A snapshot's keys fall in random buckets of a table far larger than the caches, so
        // without prefetches nearly every put waits for its first bucket, and when that bucket
        // is taken, for the key it compares as well (10 % of a 1M open).
        let hashes = ownEntryIndices.map { KeyTable.hash(of: entries[$0].key) }
        let distance = Self.prefetchDistance
        for hash in hashes.prefix(distance) { slots.prefetch(hash: hash) }
        var replaced: UInt64 = 0
        for (position, entryIndex) in ownEntryIndices.enumerated() {
            if position + distance < hashes.count { slots.prefetch(hash: hashes[position + distance]) }
            if position + distance / 2 < hashes.count {
                slots.prefetchFirstKey(hash: hashes[position + distance / 2], keys: keys)
            }
            let entry = entries[entryIndex]
            if let old = put(key: entry.key, hash: hashes[position], fields: entry.fields, summary: nil, location: entry.location) {
                replaced += UInt64(old.length)
            }
        }
        return replaced
    }

    /// Puts one record; `hash` is its key's `KeyTable.hash(of:)`.
    @inline(__always)
    private func put(
        key: String,
        hash: Int,
        fields: IndexFields,
        summary: (any Sendable)?,
        location: RecordLocation
    ) -> RecordLocation? {
        let new = (summary as? Record.Summary) ?? Record.summary(key: key, fields: fields)
        // New keys are the common case (and the only one at open): one probe finds where they go.
        let slot: Int32
        let old: Record.Summary?
        let replaced: RecordLocation?
        var before: [(partition: Int, sortKey: Int64)?] = []
        switch slots.probe(key, hash: hash, keys: keys) {
        case .found(let existing):
            slot = existing
            old = summaries[Int(slot)]
            replaced = locations[Int(slot)]
            if partitionFeedsLive { before = partitionPositions(of: slot) }
            for index in secondary.indices { secondary[index].remove(slot: slot) }
            liveBytes -= UInt64(locations[Int(slot)].length)
            summaries[Int(slot)] = new
            locations[Int(slot)] = location
        case .vacant(let bucket):
            old = nil
            replaced = nil
            if let free = freeSlots.popLast() {
                slot = free
                keys[Int(slot)] = key
                summaries[Int(slot)] = new
                locations[Int(slot)] = location
            } else {
                slot = Int32(keys.count)
                keys.append(key)
                summaries.append(new)
                locations.append(location)
            }
            slots.fill(bucket, with: slot, keys: keys)
        }
        liveBytes += UInt64(location.length)
        for index in secondary.indices { secondary[index].insert(fields, slot: slot) }
        if !feeds.isEmpty {
            let change = RecordChange(key: key, old: old, new: new)
            for feed in feeds { feed(aggregates, change) }
        }
        if partitionFeedsLive { notifyPartitionFeeds(slot: slot, before: before, removed: old, inserted: new) }
        return replaced
    }

    @discardableResult
    func applyDelete(key: String) -> RecordLocation? {
        guard let slot = slots.remove(key, keys: keys) else { return nil }
        let old = summaries[Int(slot)]
        let before = partitionFeedsLive ? partitionPositions(of: slot) : []
        for index in secondary.indices { secondary[index].remove(slot: slot) }
        let location = locations[Int(slot)]
        liveBytes -= UInt64(location.length)
        keys[Int(slot)] = ""
        summaries[Int(slot)] = nil
        freeSlots.append(slot)
        if !feeds.isEmpty {
            let change = RecordChange<Record.Summary>(key: key, old: old, new: nil)
            for feed in feeds { feed(aggregates, change) }
        }
        if partitionFeedsLive { notifyPartitionFeeds(slot: slot, before: before, removed: old, inserted: nil) }
        return location
    }

    func forEachLocation(_ body: (String, RecordLocation) throws -> Void) rethrows {
        try slots.forEachSlot { slot in try body(keys[Int(slot)], locations[Int(slot)]) }
    }

    /// The cursor and the places are slots: a record keeps its slot while it lives, and a slot
    /// freed by a delete holds no summary.
    func scanLocations(from cursor: Int, limit: Int, _ body: (String, RecordLocation, Int) -> Void) -> Int? {
        let end = min(cursor + limit, keys.count)
        for slot in cursor..<max(cursor, end) where summaries[slot] != nil { body(keys[slot], locations[slot], slot) }
        return end < keys.count ? end : nil
    }

    /// By the slot alone, without hashing the key: a line is at one location only, so a slot
    /// freed and taken by another record since cannot still hold `old`.
    func relocate(key: String, place: Int, from old: RecordLocation, to new: RecordLocation) {
        guard place < locations.count, summaries[place] != nil, locations[place] == old else { return }
        locations[place] = new
    }
}

/// A collection found on disk that the schema does not declare: its records are kept (and survive
/// compaction) but not interpreted, so a downgrade or a typo never drops data.
final class OpaqueCollectionIndex: CollectionIndexing {
    let name: String
    private var locations: [String: RecordLocation] = [:]
    /// The keys a compaction's scan pages through (`scanLocations`), between its first and last call.
    private var scannedKeys: [String] = []
    private(set) var liveBytes: UInt64 = 0

    init(name: String) {
        self.name = name
    }

    var count: Int { locations.count }

    @discardableResult
    func applyPut(key: String, fields: IndexFields, summary: (any Sendable)?, location: RecordLocation) -> RecordLocation? {
        let old = locations.updateValue(location, forKey: key)
        if let old { liveBytes -= UInt64(old.length) }
        liveBytes += UInt64(location.length)
        return old
    }

    @discardableResult
    func applyDelete(key: String) -> RecordLocation? {
        guard let old = locations.removeValue(forKey: key) else { return nil }
        liveBytes -= UInt64(old.length)
        return old
    }

    func applyLoaded(_ entries: [SnapshotFile.Entry]) -> UInt64 {
        var replaced: UInt64 = 0
        for entry in entries where entry.collection == name {
            if let old = applyPut(key: entry.key, fields: entry.fields, summary: nil, location: entry.location) {
                replaced += UInt64(old.length)
            }
        }
        return replaced
    }

    func location(of key: String) -> RecordLocation? { locations[key] }

    func reserveCapacity(_ count: Int) { locations.reserveCapacity(count) }

    func forEachLocation(_ body: (String, RecordLocation) throws -> Void) rethrows {
        for (key, location) in locations { try body(key, location) }
    }

    /// A dictionary's order does not survive a change between calls, so a scan pages through its
    /// keys as they were when it began (`cursor` 0), looking each one up again.
    func scanLocations(from cursor: Int, limit: Int, _ body: (String, RecordLocation, Int) -> Void) -> Int? {
        if cursor == 0 { scannedKeys = Array(locations.keys) }
        let end = min(cursor + limit, scannedKeys.count)
        for key in scannedKeys[min(cursor, end)..<end] {
            if let location = locations[key] { body(key, location, 0) }
        }
        guard end < scannedKeys.count else {
            scannedKeys = []
            return nil
        }
        return end
    }

    /// By the key: a dictionary has no places.
    func relocate(key: String, place: Int, from old: RecordLocation, to new: RecordLocation) {
        if locations[key] == old { locations[key] = new }
    }

    func startPartitionFeeds() {}
}
