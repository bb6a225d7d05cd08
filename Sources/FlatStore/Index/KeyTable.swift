import CPrefetch

/// Finds a collection's slot by key: an open-addressing hash table of slot numbers that compares
/// against the collection's own key array, so each key is held once.
///
/// A `[String: Int32]` holds a second copy of every key in buckets kept at most three quarters
/// full: about 42 bytes a record at a million records. This table holds 4-byte slot numbers at
/// most half full: 8–16 bytes a record. Linear probing, and removal by shifting the following
/// entries back (no tombstones), so lookups never slow down with churn.
///
/// Every method that reads entries takes `keys`, the owner's array indexed by slot; the key of
/// each slot in the table must be in it.
struct KeyTable {
    /// A bucket without a slot.
    private static let empty: Int32 = -1

    private var buckets = [Int32](repeating: KeyTable.empty, count: 16)
    /// Entries in the table.
    private(set) var count = 0

    /// Where a probe for a key ended: at its slot, or at the empty bucket it would take.
    enum Probe {
        case found(Int32)
        case vacant(bucket: Int)
    }

    /// The bucket count less one (the count is a power of two).
    private var mask: Int { buckets.count - 1 }

    /// The hash a probe for `key` starts from (seeded per process; nothing is saved).
    static func hash(of key: String) -> Int { key.hashValue }

    /// The bucket a probe for `key` starts at.
    private static func home(of key: String, mask: Int) -> Int {
        hash(of: key) & mask
    }

    /// The probe for `key`.
    func probe(_ key: String, keys: [String]) -> Probe {
        probe(key, hash: Self.hash(of: key), keys: keys)
    }

    /// The probe for `key`, whose `hash(of:)` is `hash`.
    func probe(_ key: String, hash: Int, keys: [String]) -> Probe {
        let (bucket, slot) = find(key, from: hash & mask, keys: keys)
        return slot.map(Probe.found) ?? .vacant(bucket: bucket)
    }

    /// Starts loading the bucket a probe for a key with this `hash(of:)` begins at, so a probe
    /// made a little later does not wait for memory: at a million keys the table is far larger
    /// than the caches, and nearly every probe's first bucket is a miss.
    func prefetch(hash: Int) {
        buckets.withUnsafeBufferPointer { bucketBuffer in
            guard let base = bucketBuffer.baseAddress else { return }
            cprefetch_read(base + (hash & mask))
        }
    }

    /// Starts loading the key a probe for this `hash(of:)` compares first, when its first bucket
    /// holds one: the second miss of such a probe. Worth it once `prefetch(hash:)` has had time
    /// to bring the bucket in. It loads the key array's `String`, which holds the characters of
    /// keys up to 15 bytes (run ids); a longer key's characters are elsewhere.
    func prefetchFirstKey(hash: Int, keys: [String]) {
        let slot = buckets[hash & mask]
        guard slot != Self.empty else { return }
        keys.withUnsafeBufferPointer { keyBuffer in
            guard let base = keyBuffer.baseAddress, Int(slot) < keyBuffer.count else { return }
            cprefetch_read(base + Int(slot))
        }
    }

    /// The bucket holding `key` and its slot, or the empty bucket that ends its probe and nil.
    private func find(_ key: String, keys: [String]) -> (bucket: Int, slot: Int32?) {
        find(key, from: Self.home(of: key, mask: mask), keys: keys)
    }

    /// `find(_:keys:)` from the key's home bucket `home`.
    private func find(_ key: String, from home: Int, keys: [String]) -> (bucket: Int, slot: Int32?) {
        var bucket = home
        while true {
            let slot = buckets[bucket]
            if slot == Self.empty { return (bucket, nil) }
            if keys[Int(slot)] == key { return (bucket, slot) }
            bucket = (bucket + 1) & mask
        }
    }

    /// The slot of `key`, if it is in the table.
    func slot(of key: String, keys: [String]) -> Int32? {
        if case .found(let slot) = probe(key, keys: keys) { return slot }
        return nil
    }

    /// Puts `slot` in `bucket`, the vacant end of a probe for its key made since the last change;
    /// `keys[slot]` must already hold the key.
    mutating func fill(_ bucket: Int, with slot: Int32, keys: [String]) {
        precondition(buckets[bucket] == Self.empty, "KeyTable: a stale probe")
        buckets[bucket] = slot
        count += 1
        if count * 2 > buckets.count { resize(to: buckets.count * 2, keys: keys) }
    }

    /// Removes `key`; returns its slot, or nil when it is not in the table. `keys` must still
    /// hold the key.
    mutating func remove(_ key: String, keys: [String]) -> Int32? {
        var (hole, found) = find(key, keys: keys)
        guard let slot = found else { return nil }
        // Shift back every later entry of the run whose home does not lie after the hole, so
        // no probe meets an empty bucket before its entry.
        var next = (hole + 1) & mask
        while buckets[next] != Self.empty {
            let home = Self.home(of: keys[Int(buckets[next])], mask: mask)
            let distanceFromHome = (next - home) & mask
            let distanceFromHole = (next - hole) & mask
            if distanceFromHome >= distanceFromHole {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = Self.empty
        count -= 1
        return slot
    }

    /// Sizes the table for `capacity` entries without growing on the way.
    mutating func reserveCapacity(_ capacity: Int, keys: [String]) {
        // Slots are `Int32`; a larger count (from a damaged snapshot header) means nothing.
        let capacity = min(capacity, Int(Int32.max))
        var size = buckets.count
        while size < capacity * 2 { size *= 2 }
        if size > buckets.count { resize(to: size, keys: keys) }
    }

    /// Calls `body` with every slot in the table, in no particular order.
    func forEachSlot(_ body: (Int32) throws -> Void) rethrows {
        for slot in buckets where slot != Self.empty { try body(slot) }
    }

    /// Moves every entry into `size` buckets.
    private mutating func resize(to size: Int, keys: [String]) {
        let old = buckets
        buckets = [Int32](repeating: Self.empty, count: size)
        let mask = size - 1
        for slot in old where slot != Self.empty {
            var bucket = Self.home(of: keys[Int(slot)], mask: mask)
            while buckets[bucket] != Self.empty { bucket = (bucket + 1) & mask }
            buckets[bucket] = slot
        }
    }
}
