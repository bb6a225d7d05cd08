/// A JSON object as reports are read and stored: its members sorted by name, each name once.
///
/// Not a dictionary because of what happens to a report's objects: each is built once, read a
/// few dozen times by name, and what the mapper leaves of it is written as canonical JSON, whose
/// members go in name order. Sorted, the write needs no sort (sorting the dictionaries of every
/// upload's `raw` was 2 % of its CPU), the parse no hashing and the mapper no copy of a
/// dictionary to remove keys from; a name is found by binary search. Names compare as `String`s
/// do (canonically equivalent spellings are one name), as the dictionary's keys did.
package struct ReportObject: Sendable, Equatable {
    /// One member: its name and value. A struct, not a tuple: arrays of tuples are copied,
    /// compared and freed through generic code, and an array of these compares by identity
    /// first, which the shared repeats of `BackendStatistics` need.
    package struct Member: Sendable, Equatable {
        /// The member's name.
        package let key: String
        /// The member's value.
        package var value: ReportJSON

        /// The member named `key` holding `value`.
        package init(_ key: String, _ value: ReportJSON) {
            self.key = key
            self.value = value
        }
    }

    /// The members in ascending order of name (`String`'s `<`, the canonical JSON order).
    package private(set) var members: [Member]

    /// An object without members.
    package init() {
        members = []
    }

    /// An object of `pairs` in any order; of a name given twice the later value stays, as
    /// JavaScript's `JSON.parse` keeps it (under the first spelling, as a dictionary keeps a key).
    package init(_ pairs: [Member]) {
        var sorted = pairs
        if !Self.isStrictlyAscending(sorted) {
            // Stable, so of equal names the later one stays later, and the pass below keeps its value.
            Self.sortByName(&sorted)
            var kept = 0
            for index in sorted.indices {
                if kept > 0, sorted[kept - 1].key == sorted[index].key {
                    sorted[kept - 1].value = sorted[index].value
                } else {
                    sorted.swapAt(kept, index)
                    kept += 1
                }
            }
            sorted.removeLast(sorted.count - kept)
        }
        members = sorted
    }

    /// The members of `dictionary`.
    package init(_ dictionary: [String: ReportJSON]) {
        self.init(dictionary.map { Member($0.key, $0.value) })
    }

    /// How many members there are.
    package var count: Int { members.count }

    /// True when there are no members.
    package var isEmpty: Bool { members.isEmpty }

    /// The value named `key`, nil when there is none; setting nil removes the member.
    package subscript(key: String) -> ReportJSON? {
        get {
            let (index, found) = position(of: key)
            return found ? members[index].value : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (newValue, found) {
            case (let value?, true): members[index].value = value
            case (let value?, false): members.insert(Member(key, value), at: index)
            case (nil, true): members.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// Replaces the value of each member that `transform` maps to non-nil, in place.
    ///
    /// Setting values while iterating the object iterates a copy, which shares the members'
    /// storage, so the first change copied them whole; this adds no copy of its own (storage the
    /// object already shares is still copied once, as any change copies it).
    package mutating func replaceValues(_ transform: (ReportJSON) throws -> ReportJSON?) rethrows {
        for index in members.indices {
            if let replaced = try transform(members[index].value) { members[index].value = replaced }
        }
    }

    /// The names in order.
    package var keys: [String] { members.map(\.key) }

    /// The members whose values `transform` maps to non-nil, by name, as `Dictionary` does.
    package func compactMapValues<T>(_ transform: (ReportJSON) throws -> T?) rethrows -> [String: T] {
        var result = [String: T](minimumCapacity: members.count)
        for member in members {
            if let mapped = try transform(member.value) { result[member.key] = mapped }
        }
        return result
    }

    /// Removes the member named `key` and returns its value, nil when there is none.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> ReportJSON? {
        let (index, found) = position(of: key)
        return found ? members.remove(at: index).value : nil
    }

    /// The object of the members at the positions in `members` that `isKept` accepts.
    func keeping(where isKept: (Int) -> Bool) -> ReportObject {
        var copy = ReportObject()
        copy.members.reserveCapacity(members.count)
        for index in members.indices where isKept(index) { copy.members.append(members[index]) }
        return copy
    }

    /// Where `key` is in `members`, or where it would be inserted, and whether it is there.
    func position(of key: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < members.count && members[low].key == key)
    }

    /// True when the names are in order and each is there once, as in a stored body.
    private static func isStrictlyAscending(_ pairs: [Member]) -> Bool {
        for index in pairs.indices.dropFirst() where !(pairs[index - 1].key < pairs[index].key) { return false }
        return true
    }
}

extension ReportObject: Sequence {
    /// Iterates the members in name order, as `(key, value)` pairs like a dictionary's.
    package struct Iterator: IteratorProtocol {
        var members: IndexingIterator<[Member]>

        /// The next member's name and value, nil after the last.
        package mutating func next() -> (key: String, value: ReportJSON)? {
            members.next().map { ($0.key, $0.value) }
        }
    }

    /// An iterator over the members, first name first.
    package func makeIterator() -> Iterator {
        Iterator(members: members.makeIterator())
    }
}

extension ReportObject: Codable {
    /// Decodes any JSON object.
    package init(from decoder: any Decoder) throws {
        self.init(try [String: ReportJSON](from: decoder))
    }

    /// Encodes the members as a JSON object.
    package func encode(to encoder: any Encoder) throws {
        // Names are unique as `String`s compare, which is what the dictionary's keys need.
        try Dictionary(uniqueKeysWithValues: members.lazy.map { ($0.key, $0.value) }).encode(to: encoder)
    }
}

extension ReportObject: ExpressibleByDictionaryLiteral {
    /// An object of the literal's members; a name written twice keeps its later value.
    package init(dictionaryLiteral elements: (String, ReportJSON)...) {
        self.init(elements.map { Member($0.0, $0.1) })
    }
}
