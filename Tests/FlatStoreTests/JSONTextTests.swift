import Foundation
import XCTest

@testable import FlatStore

/// String escaping, which skips eight bytes at a time, writes what `JSONEncoder` writes for
/// every ASCII byte at every position of a word, and for multi-byte UTF-8 around it.
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
        for byte in UInt8(0)..<0x80 {
            let special = String(decoding: [byte], as: UTF8.self)
            for length in [1, 7, 8, 9, 15, 16, 17, 24] {
                for offset in 0..<length {
                    let padding = String(repeating: "a", count: length - 1)
                    let value = String(padding.prefix(offset)) + special + String(padding.dropFirst(offset))
                    try assertEscapesLikeTheEncoder(value)
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 128 * (1 + 7 + 8 + 9 + 15 + 16 + 17 + 24))
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
}
