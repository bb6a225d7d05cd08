// Sorting a report's objects by name was nearly half of its parse: Duplicati writes its members
// in no particular order, and the `Data` object's 36 names took a few hundred comparisons of `String`s,
// each a call into the standard library's string comparison. Sorted here by a key made once per
// name, most comparisons are one of two integers; only names whose first eight bytes are the same
// ("DeletedFiles", "DeletedFolders") or that are not ASCII compare as `String`s.

extension ReportObject {
    /// One member's place in the sort: its name's first eight bytes as one integer, whether that
    /// integer orders the name, and where the member was.
    private struct NameKey {
        /// The name's first eight bytes, big-endian, zeros after a shorter name.
        var prefix: UInt64
        /// True when the whole name is ASCII, so `prefix` orders it as `String`'s `<` does.
        var isASCII: Bool
        /// The member's position before the sort; after the permutation, where it now is.
        var position: Int32
    }

    /// Sorts `members` by name as `String`'s `<` orders them, stably (of equal names the later
    /// stays later).
    static func sortByName(_ members: inout [Member]) {
        let count = members.count
        // A body small enough to upload holds far fewer members than this.
        guard count <= Int(Int32.max) else {
            members.sort { $0.key < $1.key }
            return
        }
        withUnsafeTemporaryAllocation(of: NameKey.self, capacity: count) { buffer in
            var keys = buffer
            for index in 0..<count {
                keys.initializeElement(at: index, to: nameKey(members[index].key, position: Int32(index)))
            }
            keys.sort { first, second in
                // Two ASCII names whose first eight bytes differ are ordered by those bytes, as a
                // byte-wise comparison orders them, and for ASCII that is `String`'s order.
                if first.isASCII, second.isASCII, first.prefix != second.prefix { return first.prefix < second.prefix }
                return members[Int(first.position)].key < members[Int(second.position)].key
            }
            members.withUnsafeMutableBufferPointer { permute($0, bringing: keys) }
        }
    }

    /// The sort key of `name` at `position`.
    private static func nameKey(_ name: String, position: Int32) -> NameKey {
        // Through the name's contiguous bytes: iterating its `utf8` view took twice as long.
        let key = name.utf8.withContiguousStorageIfAvailable { bytes -> NameKey in
            var prefix: UInt64 = 0
            for index in 0..<8 { prefix = prefix << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return NameKey(prefix: prefix, isASCII: !bytes.contains { $0 >= 0x80 }, position: position)
        }
        // A name without contiguous bytes (only a bridged `NSString`, on Darwin) compares as a `String`.
        return key ?? NameKey(prefix: 0, isASCII: false, position: position)
    }

    /// Puts the member that was at `keys[k].position` at `k`, for every `k`, following each cycle
    /// of the permutation with swaps of the members' memory (no second array, no reference
    /// counting).
    private static func permute(_ members: UnsafeMutableBufferPointer<Member>, bringing keys: UnsafeMutableBufferPointer<NameKey>) {
        for start in keys.indices where Int(keys[start].position) != start {
            var current = start
            while Int(keys[current].position) != start {
                let next = Int(keys[current].position)
                members.swapAt(current, next)
                keys[current].position = Int32(current)
                current = next
            }
            keys[current].position = Int32(current)
        }
    }
}
