/// A forward-only reader of JSON text over raw bytes, just enough for record headers and index fields.
///
/// Record bodies are never parsed here: the line layout puts the body last, so the scanner stops
/// before it and the caller slices it out.
struct JSONScanner {
    /// Why a line could not be read.
    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }

    func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    /// Consumes `byte` if it is next (after whitespace).
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if position < bytes.count, bytes[position] == byte {
            position += 1
            return true
        }
        return false
    }

    mutating func readString() throws(Failure) -> String {
        let (text, hasEscape) = try readStringText()
        if !hasEscape { return String(decoding: text, as: UTF8.self) }
        return try Self.unescape(text, baseOffset: position - 1 - text.count)
    }

    /// Reads a string, returning `candidate` itself when the text spells it (and saying so): lines
    /// of one collection repeat the same names, and reusing them skips decoding a new string each time.
    mutating func readString(reusing candidate: String) throws(Failure) -> (string: String, isReused: Bool) {
        let (text, hasEscape) = try readStringText()
        if hasEscape { return (try Self.unescape(text, baseOffset: position - 1 - text.count), false) }
        if Self.spells(candidate, text) { return (candidate, true) }
        return (String(decoding: text, as: UTF8.self), false)
    }

    /// Whether unescaped string `text`, as read by `readStringText()`, is `candidate`'s UTF-8.
    static func spells(_ candidate: String, _ text: UnsafeRawBufferPointer) -> Bool {
        var candidate = candidate
        return candidate.withUTF8 { UnsafeRawBufferPointer($0).elementsEqual(text) }
    }

    /// Reads a string's text as written, between its quotes, escapes not decoded; for names that
    /// are matched, not kept.
    mutating func readStringText() throws(Failure) -> (text: UnsafeRawBufferPointer, hasEscape: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = position
        var hasEscape = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return (slice, hasEscape)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                position += 1
            } else if byte < 0x20 {
                throw fail("control character in string")
            }
            position += 1
        }
        throw fail("unterminated string")
    }

    private static func unescape(_ raw: UnsafeRawBufferPointer, baseOffset: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        func hex4(_ at: Int) throws(Failure) -> UInt32 {
            guard at + 4 <= raw.count else { throw Failure(offset: baseOffset + at, reason: "short \\u escape") }
            var value: UInt32 = 0
            for offset in at..<(at + 4) {
                guard let digit = hexValue(raw[offset]) else {
                    throw Failure(offset: baseOffset + offset, reason: "bad \\u escape")
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { throw Failure(offset: baseOffset + index, reason: "bad escape") }
            let code = raw[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(character)).utf8)
            default: throw Failure(offset: baseOffset + index, reason: "bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Reads an unsigned decimal integer.
    mutating func readUInt() throws(Failure) -> UInt64 {
        skipWhitespace()
        var value: UInt64 = 0
        let start = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(bytes[position] - 0x30))
            guard !overflow1, !overflow2 else { throw fail("integer overflow") }
            value = sum
            position += 1
        }
        guard position > start else { throw fail("expected a number") }
        return value
    }

    /// Reads one scalar value (string, number, true, false, null).
    mutating func readScalar() throws(Failure) -> IndexValue {
        skipWhitespace()
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        default: return try readNumber()
        }
    }

    private mutating func readLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("truncated literal") }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        guard expected.elementsEqual(bytes[position..<(position + count)]) else { throw fail("bad literal") }
        position += count
    }

    private mutating func readNumber() throws(Failure) -> IndexValue {
        let start = position
        var isInteger = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x30 && byte <= 0x39 || byte == UInt8(ascii: "-") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+")
            {
                isInteger = false
                position += 1
            } else {
                break
            }
        }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        if isInteger, let int = Self.integer(digits) { return .int(int) }
        let text = String(decoding: digits, as: UTF8.self)
        if let double = Double(text), double.isFinite { return .double(double) }
        throw Failure(offset: start, reason: "bad number")
    }

    /// An optional `-` and decimal digits as an `Int64` (what `Int64(String)` accepts of them),
    /// without making a string; nil when it is not one or does not fit.
    private static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = negative ? UnsafeRawBufferPointer(rebasing: text.dropFirst()) : text
        guard !digits.isEmpty else { return nil }
        // Accumulated as a negative number, so `Int64.min` fits.
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.subtractingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Reads a flat object of scalars (the `"i"` index fields).
    mutating func readIndexFields() throws(Failure) -> IndexFields {
        var names = FieldNames()
        return try readIndexFields(names: &names)
    }

    /// Reads a flat object of scalars (the `"i"` index fields), reusing the names of the object
    /// read before with `names`: a line whose names all repeat it needs no new strings and no
    /// check of their order.
    mutating func readIndexFields(names: inout FieldNames) throws(Failure) -> IndexFields {
        try expect(UInt8(ascii: "{"))
        var fields: [IndexFields.Field] = []
        if consume(UInt8(ascii: "}")) { return IndexFields(unsorted: fields) }
        fields.reserveCapacity(names.names.count)
        var repeated = true
        repeat {
            let position = fields.count
            let name: String
            if position < names.names.count {
                let read = try readString(reusing: names.names[position])
                name = read.string
                repeated = repeated && read.isReused
            } else {
                name = try readString()
                repeated = false
            }
            try expect(UInt8(ascii: ":"))
            fields.append(.init(name: name, value: try readScalar()))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        if !repeated || fields.count != names.names.count { names = FieldNames(fields.map(\.name)) }
        return names.areSorted ? IndexFields(sorted: fields) : IndexFields(unsorted: fields)
    }

    /// Skips any JSON value, nested or not.
    mutating func skipValue() throws(Failure) {
        skipWhitespace()
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            if consume(close) { return }
            repeat {
                if close == UInt8(ascii: "}") {
                    _ = try readString()
                    try expect(UInt8(ascii: ":"))
                }
                try skipValue()
            } while consume(UInt8(ascii: ","))
            try expect(close)
        default:
            _ = try readScalar()
        }
    }
}
