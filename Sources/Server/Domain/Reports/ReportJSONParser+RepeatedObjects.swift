#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Duplicati serializes its one `BackendStatistics` object into the top-level results and again
// into every nested result (`DeleteResults`, `TestResults`, `CompactResults`…): two or three
// identical copies, a fifth of a typical report's bytes. The mapper drops the copies that equal
// the top-level one, so parsing each of them into its own tree was paid twice: once to build it,
// once to compare it member by member. A member whose object value repeats an earlier one byte
// for byte, under the same name, now shares the earlier value: one `memcmp` instead of a parse,
// and the comparison finds the same storage at once.
extension ReportJSONParser {
    /// An object value parsed earlier, where its bytes lie, and how deep it nests.
    struct RepeatedObject {
        let key: String
        let bytes: Range<Int>
        let value: ReportJSON
        /// Containers inside the value, itself included.
        let depth: Int
    }

    /// Smaller objects cost less to parse than to remember.
    static let repeatableMinimumBytes = 64
    /// The most object values remembered; a report has about eight worth it.
    static let repeatableLimit = 16

    /// Parses the value of member `key`, sharing an earlier identical object value when there is
    /// one (a string value, an earlier identical member value: `ReportJSONParser+RepeatedStrings`).
    ///
    /// Byte-identical JSON is the same value, and the value is whole, so sharing it changes
    /// nothing a caller can see. The nesting limit holds as if it had been parsed again: a
    /// repeat that would nest too deep here is parsed, and fails where a parse fails.
    mutating func parseMember(_ key: String) throws(ReportJSONError) -> ReportJSON {
        if current == UInt8(ascii: "\"") { return .string(try parseString(.memberValue)) }
        guard current == UInt8(ascii: "{") else { return try parseValue() }
        if let earlier = repeatedObject(named: key) {
            index += earlier.bytes.count
            deepest = max(deepest, depth + earlier.depth)
            return earlier.value
        }
        let start = index
        let outerDeepest = deepest
        deepest = depth
        let value = try parseValue()
        let nesting = deepest - depth
        deepest = max(outerDeepest, deepest)
        if index - start >= Self.repeatableMinimumBytes, repeatable.count < Self.repeatableLimit {
            repeatable.append(RepeatedObject(key: key, bytes: start..<index, value: value, depth: nesting))
        }
        return value
    }

    /// The earlier object value of `key` whose bytes come next in the body, if one fits the nesting limit.
    private func repeatedObject(named key: String) -> RepeatedObject? {
        for earlier in repeatable where earlier.key == key {
            let count = earlier.bytes.count
            guard bytes.count - index >= count, depth + earlier.depth <= Self.maxDepth else { continue }
            if repeatsBytes(at: index, of: earlier.bytes) { return earlier }
        }
        return nil
    }

    /// Whether the `earlier.count` bytes from `start` are the bytes of `earlier`, which the caller
    /// checked fit in the body.
    func repeatsBytes(at start: Int, of earlier: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memcmp(base + start, base + earlier.lowerBound, earlier.count) == 0
        }
    }
}
