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
    /// has no escape decoder of its own beside FlatStore's record scanner.
    mutating func parseString() throws(ReportJSONError) -> String {
        let quote = index
        index += 1
        let start = index
        var ascii = true
        var escaped = false
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                if escaped { return try Self.decodeEscaped(bytes[quote..<index], offset: start) }
                let slice = bytes[start..<(index - 1)]
                let text = ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
                guard let text else { throw ReportJSONError(offset: start, reason: "invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                escaped = true
                // The escaped byte cannot end the string, whatever it is; the decoder judges it.
                index += 2
            case 0..<0x20:
                throw error("unescaped control character in a string")
            default:
                if byte >= 0x80 { ascii = false }
                index += 1
            }
        }
        throw ReportJSONError(offset: min(index, bytes.count), reason: "unterminated string")
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
