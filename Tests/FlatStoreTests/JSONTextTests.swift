import Foundation
import XCTest

@testable import FlatStore

/// String escaping, which skips eight bytes at a time, writes what `JSONEncoder` writes for
/// every ASCII byte at every position of a word, and for multi-byte UTF-8 around it; integers
/// are written as `String` prints them.
final class JSONTextTests: XCTestCase {
    private func encoderText(_ value: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func assertEscapesLikeTheEncoder(_ value: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var out: [UInt8] = []
        JSONText.appendString(value, to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), try encoderText(value), file: file, line: line)
    }

    func testEveryByteAtEveryOffsetEscapesLikeTheEncoder() throws {
        var checked = 0
        // ASCII padding, and padding whose bytes are a quote, a backslash or a control character
        // with the high bit set (¢ is C2 A2, ܜ is DC 9C, U+0085 is C2 85): the word test must not
        // mistake them for the real thing nor miss a real one beside them.
        for pad in ["a", "¢", "ܜ", "\u{85}", "é"] {
            for byte in UInt8(0)..<0x80 {
                let special = String(decoding: [byte], as: UTF8.self)
                for length in [1, 7, 8, 9, 15, 16, 17, 24] {
                    for offset in 0..<length {
                        let padding = Array(repeating: pad, count: length - 1)
                        let value = padding[..<offset].joined() + special + padding[offset...].joined()
                        try assertEscapesLikeTheEncoder(value)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 5 * 128 * (1 + 7 + 8 + 9 + 15 + 16 + 17 + 24))
    }

    func testMultiByteTextAndRunsOfEscapesMatchTheEncoder() throws {
        for value in [
            "", "é", "🗄 backup of ünïcödé files", "ÿÿÿÿÿÿÿÿ\"", "\u{7f}\u{80}\u{ff}\u{100}",
            "\"\"\"\"\"\"\"\"\"", "\\\\\\\\\\\\\\\\", "\u{1}\u{2}\u{3}\u{1f}\n\r\t\u{8}\u{c}",
            "C:\\Users\\backup\\Documents\\report \"2024\".docx", String(repeating: "x", count: 1000) + "\"",
            "line one\nline two\tend", "</script>\u{2028}\u{2029}",
        ] {
            try assertEscapesLikeTheEncoder(value)
        }
    }

    /// A string given as bytes is written as the `String` those bytes decode to: ASCII directly,
    /// anything else (invalid UTF-8 repaired) through that `String`, separators alike.
    func testStringsGivenAsBytesAreWrittenAsTheirText() {
        let values: [[UInt8]] = [
            [], Array("2025-04-21T23:45:46.971Z".utf8), Array("a \"quoted\" \\ path\n".utf8), [0, 1, 0x1F, 0x7F],
            Array("ünïcödé 🗄".utf8), [0x61, 0xFF, 0x62], [0xC3], [0xED, 0xA0, 0x80], [0x41, 0x80],
        ]
        var fromBytes = CanonicalJSONWriter()
        var fromStrings = CanonicalJSONWriter()
        fromBytes.beginArray()
        fromStrings.beginArray()
        for value in values {
            value.withUnsafeBufferPointer { fromBytes.string(utf8: $0) }
            fromStrings.string(String(decoding: value, as: UTF8.self))
        }
        fromBytes.endArray()
        fromStrings.endArray()
        XCTAssertEqual(fromBytes.bytes, fromStrings.bytes)
        XCTAssertTrue(String(decoding: fromBytes.bytes, as: UTF8.self).hasPrefix(#"["","2025-04-21T23:45:46.971Z","a \"quoted\" \\ path\n","#))
    }

    func testDecimalsAreWrittenAsSwiftPrintsThem() {
        for value: UInt64 in [0, 1, 9, 10, 99, 100, 4096, 1_000_000_007, UInt64(UInt32.max) + 1, UInt64.max - 1, UInt64.max] {
            var out = Array("x".utf8)
            JSONText.appendDecimal(value, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "x\(value)")
        }
        for value: Int64 in [0, -1, 7, -10, 1_764_547_200_000, -1_764_547_200_000, .max, .min, .min + 1] {
            var out = Array("x".utf8)
            JSONText.appendDecimal(value, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "x\(value)")
            var writer = CanonicalJSONWriter()
            writer.int(value)
            XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), "\(value)")
        }
    }
}
