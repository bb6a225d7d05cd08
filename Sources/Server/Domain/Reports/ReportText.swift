/// Small text helpers shared by the report parsers; they work on ASCII digits only, because
/// Duplicati's machine-readable fields never use other numerals and `Int(_:)` would accept '+'.
enum ReportText {
    /// The text without leading and trailing spaces, tabs, line breaks, NBSP and narrow NBSP.
    static func trimmed(_ text: some StringProtocol) -> Substring {
        let whole = Substring(text)
        guard let first = whole.firstIndex(where: { !isSpace($0) }),
            let last = whole.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return whole[first...last]
    }

    /// The text as given, or nil when it is absent or blank.
    static func nonBlank(_ text: String?) -> String? {
        guard let text, !trimmed(text).isEmpty else { return nil }
        return text
    }

    /// True for the blanks that appear in Duplicati's culture-formatted text.
    static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r"
            || character == "\u{00A0}" || character == "\u{202F}"
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
    /// A plain byte scan: the stdlib's generic `firstRange(of:)`/`contains(_:)` spend most of their
    /// time in generic-metadata lookups and made log-line splitting 10× slower than JSON parsing.
    static func utf8Offset(of needle: String, in text: String, from start: Int = 0) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return start }
        let scan = { (haystack: UnsafeBufferPointer<UInt8>) -> Int? in
            guard haystack.count >= pattern.count, start <= haystack.count - pattern.count else { return nil }
            var index = start
            let last = haystack.count - pattern.count
            while index <= last {
                if haystack[index] == first {
                    var match = true
                    for offset in 1..<pattern.count where haystack[index + offset] != pattern[offset] {
                        match = false
                        break
                    }
                    if match { return index }
                }
                index += 1
            }
            return nil
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(scan)
    }

    /// The decimal number left-padded with zeros to `width` digits.
    static func pad(_ value: Int64, to width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
