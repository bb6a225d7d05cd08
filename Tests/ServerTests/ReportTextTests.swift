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
}
