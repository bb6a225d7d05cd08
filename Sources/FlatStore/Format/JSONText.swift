/// Writes canonical JSON text: UTF-8, no insignificant spaces, `/` never escaped.
enum JSONText {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string literal.
    static func appendString(_ value: String, to out: inout [UInt8]) {
        var text = value
        text.withUTF8 { appendString(utf8: $0, to: &out) }
    }

    /// Appends the valid UTF-8 text `bytes` as a JSON string literal.
    ///
    /// Runs of bytes that need no escape (nearly all of them: log lines, names, dates) are copied
    /// whole; every record line and body goes through here. Bytes of 0x80 and above are copied as
    /// they are, so text that may not be valid UTF-8 goes through `CanonicalJSONWriter.string(utf8:)`.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none of them needs an escape.
            if index + 8 <= bytes.count {
                let word = UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !JSONWord.needsEscape(word) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(of: byte, to: &out)
                runStart = index + 1
            }
            index += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the escape of a quote, a backslash or a control character.
    private static func appendEscape(of byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
    }

    /// Appends a scalar index value.
    static func appendValue(_ value: IndexValue, to out: inout [UInt8]) {
        switch value {
        case .string(let string): appendString(string, to: &out)
        case .int(let int): appendDecimal(int, to: &out)
        case .double(let double):
            if double.isFinite { out.append(contentsOf: String(double).utf8) } else { out.append(contentsOf: "null".utf8) }
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// Appends `value` in decimal, without building a `String` first.
    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        let start = out.count
        var rest = value
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        // Swapped within `out`: reversing the slice `out[start...]` copied the digits into a buffer
        // of their own and back, an allocation per integer (tools/bench-e2e/mallocs.sh).
        var low = start
        var high = out.count - 1
        while low < high {
            out.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// Appends `value` in decimal, as `String(value)` writes it.
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude, to: &out)
    }

    /// Writes `value` as eight lower-case hex digits over the bytes at `offset` of `raw`.
    static func writeHex32(_ value: UInt32, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        for digit in 0..<8 {
            raw[offset + digit] = hexDigits[Int((value >> UInt32(28 - 4 * digit)) & 0xF)]
        }
    }
}
