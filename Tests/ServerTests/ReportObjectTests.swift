import Foundation
import XCTest

@testable import Server

/// `ReportObject` answers as the dictionary it replaced did: the same members, the later of a
/// repeated name's values under its first spelling, in `String` order, whatever order they came in.
final class ReportObjectTests: XCTestCase {
    /// Names that sort and compare in the ways that matter: prefixes, case, digits, non-ASCII,
    /// longer than a small string, and two spellings of one name ("é" precomposed and not).
    private let names = [
        "", "a", "A", "a10", "a2", "ab", "b", "BackendStatistics", "BackendStatisticsExtra", "é", "e\u{301}", "ü",
        "z", "_", "😀", "SizeOfExaminedFiles",
    ]

    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    func testObjectsAnswerAsDictionariesDo() throws {
        var random = Generator(state: 0x5EED)
        for round in 0..<2_000 {
            let pairs = (0..<Int.random(in: 0...12, using: &random)).map { index in
                ReportObject.Member(names.randomElement(using: &random) ?? "", .int(Int64(index)))
            }
            var expected: [String: ReportJSON] = [:]
            var spelling: [String: String] = [:]
            for member in pairs {
                let (key, value) = (member.key, member.value)
                expected[key] = value
                if spelling[key] == nil { spelling[key] = key }
            }
            var object = ReportObject(pairs)
            XCTAssertEqual(object.count, expected.count, "round \(round)")
            XCTAssertTrue(zip(object.keys, object.keys.dropFirst()).allSatisfy { $0 < $1 }, "round \(round): sorted, each name once")
            for (key, value) in object {
                XCTAssertEqual(expected[key], value, "round \(round): \(key)")
                XCTAssertTrue(key.unicodeScalars.elementsEqual((spelling[key] ?? "").unicodeScalars), "round \(round): first spelling")
            }
            for name in names { XCTAssertEqual(object[name], expected[name], "round \(round): \(name)") }
            XCTAssertEqual(ReportObject(expected), object, "round \(round): from the dictionary")

            // Changes by name, as a dictionary takes them.
            let name = names.randomElement(using: &random) ?? ""
            let removed = object.removeValue(forKey: name)
            XCTAssertEqual(removed, expected.removeValue(forKey: name))
            let other = names.randomElement(using: &random) ?? ""
            object[other] = .string("set")
            expected[other] = .string("set")
            if let dropped = names.randomElement(using: &random) {
                object[dropped] = nil
                expected[dropped] = nil
            }
            XCTAssertEqual(object, ReportObject(expected), "round \(round): after changes")
            XCTAssertTrue(zip(object.keys, object.keys.dropFirst()).allSatisfy { $0 < $1 }, "round \(round): still sorted")

            // Values replaced in place, as a dictionary's are by name.
            var replaced = object
            replaced.replaceValues { value in value.int64Value.map { .int($0 * 10) } }
            XCTAssertEqual(replaced, ReportObject(expected.mapValues { value in value.int64Value.map { .int($0 * 10) } ?? value }))
            XCTAssertEqual(replaced.keys, object.keys)

            let even = object.keeping { $0 % 2 == 0 }
            XCTAssertEqual(even.keys, object.keys.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        }
    }

    /// Objects larger than the standard library's insertion-sorted runs, of names that share
    /// their first eight bytes or differ only after them, are ordered as `String`'s `<` orders
    /// them (the sort compares most names by those bytes alone), keeping a repeated name's last
    /// value.
    func testLargeObjectsAreOrderedAsStringsAre() {
        let pool =
            names + [
                "DeletedFiles", "DeletedFolders", "DeletedFilesX", "SizeOfAddedFiles", "SizeOfAdded", "abcdefgh", "abcdefghi",
                "abcdefg", "abcdefgh\u{0}", "abcdefg\u{0}", "abcdefgé", "abcdefge\u{301}", "abcdefgz", "Zz", "~", "\u{7F}",
            ]
        var random = Generator(state: 0xC0FFEE)
        for round in 0..<500 {
            let pairs = (0..<Int.random(in: 0...90, using: &random)).map { index in
                ReportObject.Member(pool.randomElement(using: &random) ?? "", .int(Int64(index)))
            }
            var expected: [ReportObject.Member] = []
            for member in pairs.sorted(by: { $0.key < $1.key }) {
                if let last = expected.last, last.key == member.key {
                    expected[expected.count - 1].value = member.value
                } else {
                    expected.append(member)
                }
            }
            let object = ReportObject(pairs)
            XCTAssertEqual(object.keys.map { Array($0.unicodeScalars) }, expected.map { Array($0.key.unicodeScalars) }, "round \(round)")
            XCTAssertEqual(object.members.map(\.value), expected.map(\.value), "round \(round): the last value of a name")
        }
    }

    func testEqualityIgnoresTheOrderGiven() {
        let forward = ReportObject([ReportObject.Member("a", .int(1)), ReportObject.Member("b", .null)])
        let backward = ReportObject([ReportObject.Member("b", .null), ReportObject.Member("a", .int(1))])
        XCTAssertEqual(forward, backward)
        XCTAssertNotEqual(forward, ReportObject([ReportObject.Member("a", .int(1))]))
        XCTAssertNotEqual(forward, ReportObject([ReportObject.Member("a", .int(2)), ReportObject.Member("b", .null)]))
        XCTAssertNotEqual(forward, ReportObject([ReportObject.Member("a", .int(1)), ReportObject.Member("c", .null)]))
    }

    func testObjectsRoundTripThroughCodable() throws {
        let object: ReportObject = ["z": .array([.int(1), .object(["y": .bool(true)])]), "a": .string("é"), "m": .double(0.5)]
        let decoded = try JSONDecoder().decode(ReportObject.self, from: JSONEncoder().encode(object))
        XCTAssertEqual(decoded, object)
        XCTAssertEqual(decoded.keys, ["a", "m", "z"])
    }
}
