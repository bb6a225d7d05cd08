import XCTest

@testable import Server

/// The slow salted hash that keeps an admin password set on the settings page.
final class PasswordHashTests: XCTestCase {
    func testAHashVerifiesItsPasswordOnlyAndSurvivesItsWrittenForm() throws {
        let hash = try PasswordHash(hashing: "correct horse battery")
        XCTAssertTrue(hash.verifies("correct horse battery"))
        XCTAssertFalse(hash.verifies("correct horse batterY"))
        XCTAssertFalse(hash.verifies(""))
        let parsed = try XCTUnwrap(PasswordHash(encoded: hash.encoded))
        XCTAssertEqual(parsed, hash)
        XCTAssertTrue(parsed.verifies("correct horse battery"))
        // A new salt each time: the same password never hashes to the same text.
        XCTAssertNotEqual(try PasswordHash(hashing: "correct horse battery").encoded, hash.encoded)
    }

    func testAWrittenFormIsReadOnlyWhenWhole() throws {
        let hash = try PasswordHash(hashing: "correct horse battery", rounds: PasswordHash.minimumRounds)
        let parts = hash.encoded.split(separator: "$").map(String.init)
        XCTAssertEqual(parts[0], "pbkdf2-sha256")
        XCTAssertEqual(parts[1], String(PasswordHash.minimumRounds))
        XCTAssertNotNil(PasswordHash(encoded: parts.joined(separator: "$")))
        for broken in [
            ["pbkdf2-sha1", parts[1], parts[2], parts[3]],  // another algorithm
            [parts[0], "1000", parts[2], parts[3]],  // too cheap to guess against
            [parts[0], String(PasswordHash.maximumRounds + 1), parts[2], parts[3]],  // minutes a sign-in
            [parts[0], "4294967296", parts[2], parts[3]],  // more than BoringSSL can count
            [parts[0], parts[1], "abc", parts[3]],  // an odd salt
            [parts[0], parts[1], parts[2], String(parts[3].dropLast(2))],  // a short hash
            [parts[0], parts[1], parts[2], "zz" + parts[3].dropFirst(2)],  // not hex
            [parts[0], parts[1], parts[2]],
        ] {
            XCTAssertNil(PasswordHash(encoded: broken.joined(separator: "$")), broken.joined(separator: "$"))
        }
    }
}
