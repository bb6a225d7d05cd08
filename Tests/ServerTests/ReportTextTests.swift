import XCTest

@testable import Server

/// `ReportText.trimmed` removes exactly the blanks Duplicati's culture-formatted text uses.
final class ReportTextTests: XCTestCase {
    func testTrimmedRemovesTheBlanksAtBothEnds() {
        let cases: [(String, String)] = [
            ("", ""),
            (" \t\r\n", ""),
            ("Success", "Success"),
            ("  Success \r\n", "Success"),
            ("\u{00A0}12.3.2024 10:00\u{202F}", "12.3.2024 10:00"),
            ("\u{202F}\u{00A0} a b \u{00A0}\u{202F}", "a b"),
            // Inner blanks stay; other spaces (an em space) and lookalike bytes are text.
            ("a\u{00A0}b", "a\u{00A0}b"),
            ("\u{2003}x\u{2003}", "\u{2003}x\u{2003}"),
            ("\u{00C2}x\u{00E2}", "\u{00C2}x\u{00E2}"),
            ("NAS-HÖME ", "NAS-HÖME"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(ReportText.trimmed(text), Substring(expected), text.debugDescription)
            XCTAssertEqual(ReportText.trimmed(Substring(" " + text + " ").dropFirst()), Substring(expected), text.debugDescription)
        }
        XCTAssertNil(ReportText.nonBlank(" \u{00A0}\r\n"))
        XCTAssertEqual(ReportText.nonBlank(" Documents "), " Documents ")
    }

    /// `utf8Offset` finds the first whole needle at or after the start, by UTF-8 offset.
    func testUTF8OffsetFindsTheFirstWholeNeedle() {
        let line = "2025-07-14 04:00:01 +02 - [Information-Duplicati-Retention]: Backups to consider: 13.07.2025"
        XCTAssertEqual(ReportText.utf8Offset(of: "Backups to consider:", in: line), 61)
        XCTAssertEqual(ReportText.utf8Offset(of: "]: ", in: line), 58)
        XCTAssertNil(ReportText.utf8Offset(of: "]: ", in: line, from: 59))
        XCTAssertEqual(ReportText.utf8Offset(of: "2025", in: line, from: 1), 88)
        XCTAssertEqual(ReportText.utf8Offset(of: "BBBa", in: "BBBBBa"), 2)
        XCTAssertEqual(ReportText.utf8Offset(of: "é:", in: "Méé: x"), 3)
        XCTAssertNil(ReportText.utf8Offset(of: "considered", in: "Backups to consider"))
        XCTAssertNil(ReportText.utf8Offset(of: "x", in: ""))
        XCTAssertNil(ReportText.utf8Offset(of: "a", in: "abc", from: 4))
        XCTAssertEqual(ReportText.utf8Offset(of: "", in: "abc", from: 2), 2)
        XCTAssertEqual(ReportText.utf8Offset(of: "c", in: "abc"), 2)
    }
}
