import Hummingbird
import HummingbirdCore
import XCTest

@testable import Server

/// Query strings read as browsers write them: `+` is a space, `%XX` a byte.
final class FormParametersTests: XCTestCase {
    private func parameters(_ uri: String) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in URI(uri).formParameters { result[String(name)] = String(value) }
        return result
    }

    func testPlusIsASpaceAndPercentIsAByte() {
        XCTAssertEqual(parameters("/servers/a?job=Mail%3A+Archive"), ["job": "Mail: Archive"])
        XCTAssertEqual(parameters("/?q=office+pc&view=table"), ["q": "office pc", "view": "table"])
        XCTAssertEqual(parameters("/?q=1%2B1"), ["q": "1+1"])
        XCTAssertEqual(parameters("/?na+me=caf%C3%A9"), ["na me": "café"], "names are decoded too")
        XCTAssertEqual(parameters("/?q=B%C3%BCro%20PC"), ["q": "Büro PC"])
    }

    func testOddInputKeepsWhatItCannotDecode() {
        XCTAssertEqual(parameters("/?q=100%"), ["q": "100%"])
        XCTAssertEqual(parameters("/?q=%zz1"), ["q": "%zz1"])
        XCTAssertEqual(parameters("/?q=%FF"), ["q": "\u{FFFD}"])
        XCTAssertEqual(parameters("/?flag&&q="), ["flag": "", "q": ""])
        XCTAssertEqual(parameters("/?a=1=2"), ["a": "1=2"])
        XCTAssertTrue(parameters("/").isEmpty)
        XCTAssertTrue(parameters("/?").isEmpty)
    }
}
