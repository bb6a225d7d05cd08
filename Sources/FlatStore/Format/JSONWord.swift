/// Tests on eight bytes of JSON string contents at once, for scanners that skip plain runs a
/// word at a time (FlatStore's writer, the server's report parser).
public enum JSONWord {
    /// Whether any of the eight bytes of `word` is a control character, a quote or a backslash:
    /// a byte a JSON string cannot hold as it is.
    ///
    /// The classic bit tricks: `(x - 0x01…) & ~x & 0x80…` is non-zero when a byte of `x` is zero
    /// (and `(w - 0x20…) & ~w & 0x80…` when a byte of `w` is below 0x20). A borrow may flag a byte
    /// after a true match too, but never a word without one, so a clean answer is exact. Bytes of
    /// 0x80 and above are never flagged.
    @inlinable
    public static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let controls = (word &- ones &* 0x20) & ~word
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        return (controls | zeroQuote | zeroBackslash) & highBits != 0
    }

    /// Whether any of the eight bytes of `word` is 0x80 or above (part of a non-ASCII character).
    @inlinable
    public static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highBits != 0
    }

    /// The high bit of each byte.
    @usableFromInline
    static let highBits: UInt64 = 0x8080_8080_8080_8080
}
