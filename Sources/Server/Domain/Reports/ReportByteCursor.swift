/// A forward-only reader over ASCII bytes for the fixed-layout texts in reports (ISO dates, log
/// line prefixes); every read checks bounds and fails softly so malformed input can never trap.
///
/// It reads a string's own UTF-8 storage (see `reading(_:limit:_:)`) rather than a copy: every
/// log line of every upload is read this way, and the copies were an allocation each.
struct ReportByteCursor {
    /// The bytes being read; valid only inside the `reading` call that made the cursor.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The position of the next unread byte.
    var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `body` with a cursor over the first `limit` UTF-8 bytes of `text`; the cursor must
    /// not outlive the call.
    static func reading<Result>(_ text: some StringProtocol, limit: Int = .max, _ body: (inout ReportByteCursor) -> Result) -> Result {
        let read = { (bytes: UnsafeBufferPointer<UInt8>) -> Result in
            var cursor = ReportByteCursor(bytes: UnsafeBufferPointer(rebasing: bytes.prefix(limit)))
            return body(&cursor)
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(read) { return result }
        return Array(text.utf8.prefix(limit)).withUnsafeBufferPointer(read)
    }

    /// The bytes from `start` up to the first that `isEnd`, as a string; nil when none is.
    func text(from start: Int, upTo isEnd: (UInt8) -> Bool) -> String? {
        guard start <= bytes.count, let end = bytes[start...].firstIndex(where: isEnd) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// True when every byte has been read.
    var atEnd: Bool {
        index >= bytes.count
    }

    /// The next byte without consuming it, or nil at the end.
    var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `character` when it is next; reports whether it was.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard character.isASCII, peek == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    /// Reads exactly `count` ASCII digits as a number; on failure nothing is consumed.
    mutating func number(exactly count: Int) -> Int64? {
        guard count > 0, count <= 18, index + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// Reads the ASCII digits that come next, one to `limit` (at most 18) of them, as a number
    /// and how many there were; nil (nothing consumed) when there are none or more than `limit`.
    mutating func digits(atMost limit: Int) -> (value: Int64, count: Int)? {
        var value: Int64 = 0
        var end = index
        while end < bytes.count, end - index <= limit, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int64(bytes[end] - UInt8(ascii: "0"))
            end += 1
        }
        let count = end - index
        guard count > 0, count <= min(limit, 18) else { return nil }
        index = end
        return (value, count)
    }

    /// Reads one or more fraction digits as nanoseconds; digits past the ninth are read and dropped.
    mutating func fraction() -> Int64? {
        var nanos: Int64 = 0
        var digits = 0
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            if digits < 9 { nanos = nanos * 10 + Int64(byte - UInt8(ascii: "0")) }
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        for _ in min(digits, 9)..<9 { nanos *= 10 }
        return nanos
    }

    /// Consumes a '+' or '-' and returns +1 or -1; nil (nothing consumed) otherwise.
    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
