import Foundation
import XCTest

@testable import Server

/// Upload bodies decode into `ReportJSON` exactly: 64-bit integers stay integers, strings keep
/// every escape, and malformed JSON is an error.
final class ReportJSONTests: XCTestCase {
    private func iso(_ ms: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: ms)
    }

    private func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    func testJSONParserKeepsNumbersExact() throws {
        let value = try ReportJSONParser.parse(
            bytes(
                "{\"big\":9223372036854775807,\"neg\":-9223372036854775808,\"huge\":1e300,\"f\":1.5,"
                    + "\"s\":\"a\\u00e9\\ud83d\\ude00\\n/\",\"dup\":1,\"dup\":2}"
            )
        )
        let members = try XCTUnwrap(value.objectValue)
        XCTAssertEqual(members["big"], .int(Int64.max))
        XCTAssertEqual(members["neg"], .int(Int64.min))
        XCTAssertEqual(members["huge"], .double(1e300))
        XCTAssertEqual(members["f"], .double(1.5))
        XCTAssertEqual(members["s"], .string("aé😀\n/"))
        XCTAssertEqual(members["dup"], .int(2))
        for bad in ["01", "1.", "-", "[1,]", "{\"a\" 1}", "\"\u{1}\"", "1e999", "tru", "\"\\x\"", "[] []"] {
            XCTAssertThrowsError(try ReportJSONParser.parse(bytes(bad)), bad)
        }
    }
}
