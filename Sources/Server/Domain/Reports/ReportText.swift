#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Small text helpers shared by the report parsers; they work on ASCII digits only, because
/// Duplicati's machine-readable fields never use other numerals and `Int(_:)` would accept '+'.
enum ReportText {
    /// The text without leading and trailing spaces, tabs, line breaks, NBSP and narrow NBSP.
    ///
    /// Compares UTF-8 bytes rather than `Character`s: breaking graphemes cost about a microsecond
    /// an upload (names, dates, the version, the result are all trimmed), and as bytes a
    /// trailing "\r\n", one grapheme that equals neither "\r" nor "\n", is trimmed as well.
    static func trimmed(_ text: some StringProtocol) -> Substring {
        let whole = Substring(text)
        let utf8 = whole.utf8
        let bounds = { (bytes: UnsafeBufferPointer<UInt8>) -> (leading: Int, trailing: Int) in
            var start = 0
            var end = bytes.count
            while start < end, let width = blankWidth(bytes, from: start, to: end) { start += width }
            while start < end, let width = blankWidth(bytes, endingAt: end, from: start) { end -= width }
            return (start, bytes.count - end)
        }
        let (leading, trailing) = utf8.withContiguousStorageIfAvailable(bounds) ?? Array(utf8).withUnsafeBufferPointer(bounds)
        return whole[utf8.index(utf8.startIndex, offsetBy: leading)..<utf8.index(utf8.endIndex, offsetBy: -trailing)]
    }

    /// The text as given, or nil when it is absent or blank.
    static func nonBlank(_ text: String?) -> String? {
        guard let text, !trimmed(text).isEmpty else { return nil }
        return text
    }

    /// The length of the blank starting at `start` (before `end`), or nil when none starts there.
    private static func blankWidth(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        switch bytes[start] {
        case 0x20, 0x09, 0x0A, 0x0D: return 1
        case 0xC2 where end - start >= 2 && bytes[start + 1] == 0xA0: return 2  // NBSP
        case 0xE2 where end - start >= 3 && bytes[start + 1] == 0x80 && bytes[start + 2] == 0xAF: return 3  // narrow NBSP
        default: return nil
        }
    }

    /// The length of the blank ending at `end` (after `start`), or nil when none ends there.
    private static func blankWidth(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, from start: Int) -> Int? {
        switch bytes[end - 1] {
        case 0x20, 0x09, 0x0A, 0x0D: return 1
        case 0xA0 where end - start >= 2 && bytes[end - 2] == 0xC2: return 2
        case 0xAF where end - start >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80: return 3
        default: return nil
        }
    }

    /// Non-empty ASCII digits of at most `maxLength` characters as a number; nil otherwise.
    static func digits(_ text: Substring, maxLength: Int) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= maxLength, maxLength <= 18 else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The UTF-8 offset of the first `needle` in `text` at or after `start`, or nil.
    ///
    /// The C library's `memchr` and `memcmp` over both strings' own bytes: the stdlib's generic
    /// `firstRange(of:)`/`contains(_:)` spend most of their time in generic-metadata lookups and
    /// made log-line splitting 10× slower than JSON parsing, and a byte loop was still a third of
    /// the retention-line search that runs over every message line of every upload.
    static func utf8Offset(of needle: String, in text: String, from start: Int = 0) -> Int? {
        var needle = needle
        return needle.withUTF8 { pattern -> Int? in
            guard !pattern.isEmpty else { return start }
            let scan = { (haystack: UnsafeBufferPointer<UInt8>) -> Int? in
                guard start >= 0, let base = haystack.baseAddress, let needle = pattern.baseAddress, let first = pattern.first
                else { return nil }
                var offset = start
                // Each occurrence of the needle's first byte that leaves room for the rest.
                while haystack.count - offset >= pattern.count,
                    let found = memchr(base + offset, Int32(first), haystack.count - offset - pattern.count + 1)
                {
                    offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                    if memcmp(found, needle, pattern.count) == 0 { return offset }
                    offset += 1
                }
                return nil
            }
            if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
            return Array(text.utf8).withUnsafeBufferPointer(scan)
        }
    }

    /// The decimal number left-padded with zeros to `width` digits.
    static func pad(_ value: Int64, to width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
