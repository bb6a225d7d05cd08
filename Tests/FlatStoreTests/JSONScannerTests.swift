import XCTest

@testable import FlatStore

/// The scanner's shortcuts read exactly what the plain paths read: integers parsed from bytes
/// agree with `Int64(String)` and `Double(String)`, index fields that reuse the names of the line
/// before equal fields read afresh, and a field reader finds what a lookup finds in any order.
final class JSONScannerTests: XCTestCase {
    /// What `readNumber` answered before it parsed integers itself: `Int64(text)` for text without
    /// a fraction or exponent, else `Double(text)` when finite, else a failure (nil).
    private func reference(_ text: String) -> IndexValue? {
        let isInteger = !text.contains { ".eE+".contains($0) }
        if isInteger, let int = Int64(text) { return .int(int) }
        if let double = Double(text), double.isFinite { return .double(double) }
        return nil
    }

    private func scan(_ text: String) -> IndexValue? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            guard let value = try? scanner.readScalar(), scanner.atEnd else { return nil }
            return value
        }
    }

    func testNumbersReadLikeTheStringParsers() {
        var texts = [
            "0", "-0", "7", "-7", "007", "-007", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "-", "--1", "1-2", "-1-",
            "1.5", "-1.5", "1e3", "1E3", "1e+3", "+5", "60.0", "1.7976931348623157e309", "00000000000000000000001",
        ]
        var generator = SeededRandom(seed: 7)
        for _ in 0..<2_000 {
            let digits = 1 + Int(generator.next() % 20)
            var text = generator.next() % 2 == 0 ? "-" : ""
            for _ in 0..<digits { text.append(Character(String(generator.next() % 10))) }
            texts.append(text)
        }
        for text in texts {
            XCTAssertEqual(scan(text), reference(text), text)
        }
    }

    private func fields(_ object: String, names: inout FieldNames) throws -> IndexFields {
        let bytes = Array(object.utf8)
        return try bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            return try scanner.readIndexFields(names: &names)
        }
    }

    private func fields(_ object: String) throws -> IndexFields {
        var fresh = FieldNames()
        return try fields(object, names: &fresh)
    }

    func testIndexFieldsReusingNamesEqualFieldsReadAfresh() throws {
        let objects = [
            #"{"b":"job","d":1.5,"s":"srv","t":10}"#,
            #"{"b":"job2","d":2,"s":"srv","t":11}"#,
            // One more field, one fewer, different names, the same names out of order, an
            // escaped name, an empty object, then the first shape again.
            #"{"b":"job","d":1.5,"ns":5,"s":"srv","t":10}"#,
            #"{"b":"job","s":"srv","t":10}"#,
            #"{"alias":"","name":"x"}"#,
            #"{"t":1,"s":"a","b":"c"}"#,
            #"{"b":"c","s":"a","t":1}"#,
            #"{"\u0062":"c","s":"a","t":1}"#,
            #"{}"#,
            #"{"b":"job","d":1.5,"s":"srv","t":10}"#,
        ]
        var names = FieldNames()
        for object in objects {
            let reused = try fields(object, names: &names)
            let fresh = try fields(object)
            XCTAssertEqual(reused, fresh, object)
            XCTAssertEqual(reused.fields.map(\.name), reused.fields.map(\.name).sorted(), object)
        }
        // Out of order on disk, sorted in memory, whether or not the names were reused.
        var repeated = FieldNames()
        _ = try fields(#"{"t":1,"s":"a","b":"c"}"#, names: &repeated)
        XCTAssertEqual(try fields(#"{"t":2,"s":"a","b":"c"}"#, names: &repeated).fields.map(\.name), ["b", "s", "t"])
    }

    func testReaderFindsWhatLookupsFindInAnyOrder() {
        let stored = IndexFields([
            "b": .string("job"), "d": .double(60), "e": .int(5), "er": .int(0), "fc": .int(3),
            "m": .int(1), "s": .string("srv"), "st": .string("Success"), "t": .int(4), "w": .int(2),
        ])
        var generator = SeededRandom(seed: 3)
        let names = ["b", "d", "e", "er", "fc", "fs", "m", "ns", "s", "ss", "st", "t", "us", "v", "w", "", "zz"]
        for _ in 0..<500 {
            var reader = stored.reader()
            for _ in 0..<8 {
                let name = names[Int(generator.next() % UInt64(names.count))]
                XCTAssertEqual(reader.value(name), stored[name], name)
            }
        }
        var inOrder = stored.reader()
        XCTAssertEqual(inOrder.double("d"), 60)
        XCTAssertEqual(inOrder.int("d"), 60)
        XCTAssertNil(inOrder.int("ns"))
        XCTAssertEqual(inOrder.string("st"), "Success")
        XCTAssertNil(inOrder.string("t"))
        XCTAssertEqual(inOrder.int("w"), 2)
    }
}
