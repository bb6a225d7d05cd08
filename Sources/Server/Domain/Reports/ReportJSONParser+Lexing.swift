import FlatStore

// Only for `JSONDecoder`; FoundationEssentials keeps ICU out of the Linux binary.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ReportJSONParser {
    /// Reads a string token starting at its opening quote; the result is validated UTF-8.
    ///
    /// Most strings hold no escape and are taken from the bytes as they are; the rest (Windows
    /// paths, quotes, stack traces) are handed whole to Foundation's JSON decoder, so the server
    /// has no escape decoder of its own beside FlatStore's record scanner. A member name
    /// (`.name`) that Duplicati writes and that is too long for a small string is the shared
    /// constant (`ReportJSONParser+KnownNames`); a member value longer than that which repeats
    /// one of the first 16 such values shares its text (`ReportJSONParser+RepeatedStrings`).
    mutating func parseString(_ role: StringRole) throws(ReportJSONError) -> String {
        let quote = index
        let start = index + 1
        let scan = bytes.withUnsafeBufferPointer { Self.scanString($0, from: start) }
        switch scan {
        case .closed(let end, let ascii, let escaped):
            index = end + 1
            if escaped { return try Self.decodeEscaped(bytes[quote..<index], offset: start) }
            switch role {
            case .name:
                if ascii, let known = bytes.withUnsafeBufferPointer({ Self.knownName($0, start..<end) }) { return known }
            case .memberValue:
                if let earlier = repeatedString(start..<end) { return earlier }
            case .element:
                break
            }
            let slice = bytes[start..<end]
            let text = ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
            guard let text else { throw ReportJSONError(offset: start, reason: "invalid UTF-8 in a string") }
            if role == .memberValue { remember(text, readFrom: start..<end) }
            return text
        case .control(let offset):
            index = offset
            throw error("unescaped control character in a string")
        case .unterminated(let offset):
            index = offset
            throw ReportJSONError(offset: min(index, bytes.count), reason: "unterminated string")
        }
    }

    /// How the string whose contents start at some offset ends.
    enum StringScan {
        /// At the closing quote `at`; whether the contents are all ASCII and hold an escape.
        case closed(at: Int, ascii: Bool, escaped: Bool)
        /// At an unescaped control character.
        case control(at: Int)
        /// At the end of the body without a closing quote; `at` is where the scan stopped (one
        /// past the end after a final backslash).
        case unterminated(at: Int)
    }

    /// Finds the end of a string's contents starting at `start`.
    ///
    /// Eight bytes at a time while none of them is a quote, a backslash, a control character or
    /// (until one was met) non-ASCII: log lines are most of a report's bytes, and a byte at a
    /// time with a bounds check each was a third of the parse.
    static func scanString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> StringScan {
        var index = start
        var ascii = true
        var escaped = false
        while true {
            while index + 8 <= bytes.count,
                isPlain(UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self), ascii: ascii)
            {
                index += 8
            }
            guard index < bytes.count else { return .unterminated(at: index) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                return .closed(at: index, ascii: ascii, escaped: escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                // The escaped byte cannot end the string, whatever it is; the decoder judges it.
                index += 2
            case 0..<0x20:
                return .control(at: index)
            default:
                if byte >= 0x80 { ascii = false }
                index += 1
            }
        }
    }

    /// Whether none of the eight bytes of `word` ends the plain run: a quote, a backslash, a
    /// control character, or, while `ascii`, a byte of 0x80 and above.
    private static func isPlain(_ word: UInt64, ascii: Bool) -> Bool {
        !JSONWord.needsEscape(word) && !(ascii && JSONWord.hasNonASCII(word))
    }

    /// A whole string token with escapes, decoded by Foundation's JSON decoder.
    private static func decodeEscaped(_ token: ArraySlice<UInt8>, offset: Int) throws(ReportJSONError) -> String {
        do {
            return try JSONDecoder().decode(String.self, from: Data(token))
        } catch {
            throw ReportJSONError(offset: offset, reason: "invalid escape sequence or UTF-8 in a string")
        }
    }

    /// Reads a number token; integers stay `Int64` while they fit, everything else is a finite Double.
    mutating func parseNumber() throws(ReportJSONError) -> ReportJSON {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw error("invalid number") }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard let byte = current, isDigit(byte) else { throw error("invalid number: digits expected after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, isDigit(byte) else { throw error("invalid number: bad exponent") }
            skipDigits()
        }
        let token = bytes[start..<index]
        if integral, let value = Self.exactInteger(token) { return .int(value) }
        guard let value = Double(String(decoding: token, as: UTF8.self)), value.isFinite else {
            throw ReportJSONError(offset: start, reason: "number out of range")
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    /// Accumulates a validated integer token, or nil when it does not fit in 64 bits.
    private static func exactInteger(_ token: ArraySlice<UInt8>) -> Int64? {
        var digits = token[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        var value: Int64 = 0
        for byte in digits {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            // Accumulating negatively reaches Int64.min, which has no positive counterpart.
            let (next, overflow2) =
                negative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }
}
