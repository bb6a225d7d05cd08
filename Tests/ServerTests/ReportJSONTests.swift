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

    /// Every sample report parses to what Foundation's decoder makes of it, though the parser
    /// shares the repeated `BackendStatistics` copies instead of parsing each.
    func testSampleReportsParseAsFoundationDecodesThem() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/samples/duplicati-reports").standardizedFileURL
        let names = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThan(names.count, 5, "the real samples are missing")
        var shared = 0
        for name in names.sorted() {
            let body = try Data(contentsOf: samples.appendingPathComponent(name))
            let expected = try JSONDecoder().decode(ReportJSON.self, from: body)
            XCTAssertEqual(try ReportJSONParser.parse(Array(body)), expected, name)
            if String(decoding: body, as: UTF8.self).components(separatedBy: "\"BackendStatistics\":{").count > 2 { shared += 1 }
        }
        XCTAssertGreaterThan(shared, 3, "samples with repeated BackendStatistics")
    }

    /// Duplicati's long member names come back as the parser's constants, and every other name,
    /// however close to one, as read.
    func testKnownLongNamesAreTheSameNamesAsRead() throws {
        // As written in the body, and as read.
        let names = [
            ("SizeOfExaminedFiles", "SizeOfExaminedFiles"), ("SizeOfExaminedFilez", "SizeOfExaminedFilez"),
            ("sizeOfExaminedFiles", "sizeOfExaminedFiles"), ("SizeOfExaminedFiles2", "SizeOfExaminedFiles2"),
            ("SizeOfExaminedFile", "SizeOfExaminedFile"), ("BackendStatistic\\u00e9", "BackendStatisticé"),
            ("ÉackendStatistics", "ÉackendStatistics"), ("RemoteStackIndex", "RemoteStackIndex"),
            ("RemoteStackIndez", "RemoteStackIndez"), ("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
            ("VerificationsActualLength", "VerificationsActualLength"), ("short", "short"),
            ("BackendStatistics", "BackendStatistics"), ("Backend\\u0053tatistics", "BackendStatistics"),
        ]
        let text = "{" + names.enumerated().map { "\"\($0.element.0)\":\($0.offset)" }.joined(separator: ",") + "}"
        let members = try XCTUnwrap(try ReportJSONParser.parse(bytes(text)).objectValue)
        XCTAssertEqual(members.count, names.count - 1, "the escaped spelling is the same name as BackendStatistics")
        for (offset, (_, name)) in names.enumerated().dropLast(2) { XCTAssertEqual(members[name], .int(Int64(offset)), name) }
        XCTAssertEqual(members["BackendStatistics"], .int(Int64(names.count - 1)), "the later of the two spellings")

        // Each name on the list is found from its own bytes, as the same string.
        let listed = ReportJSONParser.knownLongNames.flatMap { $0 }
        XCTAssertGreaterThan(listed.count, 20)
        for name in listed {
            XCTAssertGreaterThan(name.utf8.count, 15, "\(name) fits a small string")
            let found = Array(name.utf8).withUnsafeBufferPointer { ReportJSONParser.knownName($0, 0..<$0.count) }
            XCTAssertEqual(found, name)
        }
    }

    /// Only a report's first containers get room for 16 entries: a body of many small objects or
    /// arrays holds them at their own size, not sixteen times it.
    func testOnlyTheFirstContainersGetRoomForSixteenEntries() throws {
        let count = ReportJSONParser.roomyContainers * 4
        let objectsText = "[" + (0..<count).map { "{\"a\":\($0)}" }.joined(separator: ",") + "]"
        let objects = try XCTUnwrap(try ReportJSONParser.parse(bytes(objectsText)).arrayValue).compactMap(\.objectValue)
        XCTAssertEqual(objects.count, count)
        // The outer array took the first room.
        XCTAssertGreaterThanOrEqual(objects[0].members.capacity, ReportJSONParser.containerCapacity)
        for object in objects.dropFirst(ReportJSONParser.roomyContainers - 1) {
            XCTAssertLessThan(object.members.capacity, ReportJSONParser.containerCapacity)
        }
        let arraysText = "[" + (0..<count).map { "[\($0)]" }.joined(separator: ",") + "]"
        let arrays = try XCTUnwrap(try ReportJSONParser.parse(bytes(arraysText)).arrayValue).compactMap(\.arrayValue)
        XCTAssertEqual(arrays.count, count)
        XCTAssertGreaterThanOrEqual(arrays[0].capacity, ReportJSONParser.containerCapacity)
        for array in arrays.dropFirst(ReportJSONParser.roomyContainers - 1) {
            XCTAssertLessThan(array.capacity, ReportJSONParser.containerCapacity)
        }
        // An empty container takes no room at all.
        XCTAssertEqual(try ReportJSONParser.parse(bytes("[]")).arrayValue?.capacity, 0)
    }

    /// A repeated object value is shared only when it is the same bytes under the same name.
    func testRepeatedObjectsAreSharedOnlyWhenTheBytesMatch() throws {
        let stats = "{\"BytesUploaded\":74355640,\"KnownFileSize\":412871335119,\"Backend\":\"file\"}"
        let changed = stats.replacingOccurrences(of: "74355640", with: "74355641")
        let text =
            "{\"BackendStatistics\":\(stats),\"Nested\":{\"BackendStatistics\":\(stats)},"
            + "\"Other\":{\"BackendStatistics\":\(changed)},\"Renamed\":{\"Statistics\":\(stats)},"
            + "\"Cut\":{\"BackendStatistics\":{\"BytesUploaded\":74355640}}}"
        let parsed = try ReportJSONParser.parse(bytes(text))
        XCTAssertEqual(parsed, try JSONDecoder().decode(ReportJSON.self, from: Data(text.utf8)))
        let members = try XCTUnwrap(parsed.objectValue)
        XCTAssertEqual(members["Other"]?.objectValue?["BackendStatistics"]?.objectValue?["BytesUploaded"], .int(74_355_641))
        XCTAssertEqual(members["Cut"]?.objectValue?["BackendStatistics"]?.objectValue?.count, 1)
        XCTAssertEqual(members["Renamed"]?.objectValue?["Statistics"], members["BackendStatistics"])
    }

    /// A long member value that repeats an earlier member value byte for byte is the same
    /// string, sharing its storage; anything else is read as it is.
    func testRepeatedLongMemberValuesShareTheirText() throws {
        let version = "2.1.0.5 (2.1.0.5_stable_2025-03-04)"
        let begin = "2026-03-06T12:42:36.6192827Z"
        let accented = "Sauvegarde générale du serveur"
        let distinct = (0..<ReportJSONParser.repeatableStringLimit).map { "a value long enough \($0)" }
        let text =
            "{\"Version\":\"\(version)\",\"BeginTime\":\"\(begin)\",\"Name\":\"\(accented)\","
            + "\"Nested\":{\"Version\":\"\(version)\",\"LastBackupDate\":\"\(begin)\",\"Name\":\"\(accented)\"},"
            + "\"OneOff\":\"2026-03-06T12:42:36.6192828Z\",\"Escaped\":\"2.1.0.5 (2.1.0.5_stable_2025-03-04\\u0029\","
            + "\"Lines\":[\"\(version)\",\"\(version)\"],\"Short\":\"Backup\",\"Again\":\"Backup\","
            + distinct.enumerated().map { "\"d\($0.offset)\":\"\($0.element)\"" }.joined(separator: ",")
            + ",\"Late\":\"\(distinct[0])\",\"LateSecond\":\"a value past the limit\",\"LateThird\":\"a value past the limit\"}"
        let parsed = try ReportJSONParser.parse(bytes(text))
        XCTAssertEqual(parsed, try JSONDecoder().decode(ReportJSON.self, from: Data(text.utf8)))
        let members = try XCTUnwrap(parsed.objectValue)
        let nested = try XCTUnwrap(members["Nested"]?.objectValue)
        let lines = try XCTUnwrap(members["Lines"]?.arrayValue)

        // Shared whatever the member's name, ASCII or not.
        XCTAssertEqual(storage(nested["Version"]), storage(members["Version"]))
        XCTAssertEqual(storage(nested["LastBackupDate"]), storage(members["BeginTime"]))
        XCTAssertEqual(storage(nested["Name"]), storage(members["Name"]))
        XCTAssertEqual(storage(members["Late"]), storage(members["d0"]))
        // Read as they are: one byte different, an escape, array elements, and values after the
        // list is full.
        XCTAssertEqual(members["OneOff"], .string("2026-03-06T12:42:36.6192828Z"))
        XCTAssertNotEqual(storage(members["OneOff"]), storage(members["BeginTime"]))
        XCTAssertEqual(members["Escaped"], .string(version))
        XCTAssertNotEqual(storage(members["Escaped"]), storage(members["Version"]))
        XCTAssertEqual(lines, [.string(version), .string(version)])
        XCTAssertNotEqual(storage(lines[0]), storage(members["Version"]))
        XCTAssertNotEqual(storage(lines[1]), storage(lines[0]))
        XCTAssertNotEqual(storage(members["LateThird"]), storage(members["LateSecond"]))
        XCTAssertEqual(members["LateThird"], .string("a value past the limit"))
        XCTAssertEqual(members["Again"], .string("Backup"))
    }

    /// Where a string value's UTF-8 lies: two strings at the same address share one storage.
    private func storage(_ value: ReportJSON?) -> UInt? {
        guard var text = value?.stringValue else { return nil }
        return text.withUTF8 { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    /// The nesting limit holds for a shared value as for a parsed one: a repeat that would nest
    /// too deep where it appears again is refused, the same repeat shallower is accepted.
    func testNestingLimitHoldsForRepeatedObjects() throws {
        let limit = ReportJSONParser.maxDepth
        // An object nesting `levels` deep, with padding to make it worth remembering.
        let object = { (levels: Int) in
            String(repeating: "{\"padding\":\"\(String(repeating: "x", count: 64))\",\"k\":", count: levels - 1) + "{}"
                + String(repeating: "}", count: levels - 1)
        }
        let deep = object(limit - 10)
        let wrap = { (levels: Int, inner: String) in
            String(repeating: "{\"w\":", count: levels) + inner + String(repeating: "}", count: levels)
        }
        // The first copy sits at depth 1; the second inside `levels` more objects.
        let fits = "{\"a\":\(deep),\"b\":\(wrap(8, "{\"a\":\(deep)}"))}"
        XCTAssertEqual(try ReportJSONParser.parse(bytes(fits)), try JSONDecoder().decode(ReportJSON.self, from: Data(fits.utf8)))
        let tooDeep = "{\"a\":\(deep),\"b\":\(wrap(10, "{\"a\":\(deep)}"))}"
        XCTAssertThrowsError(try ReportJSONParser.parse(bytes(tooDeep))) { error in
            XCTAssertEqual((error as? ReportJSONError)?.reason, "JSON nested more than \(limit) levels deep")
        }
        XCTAssertThrowsError(try ReportJSONParser.parse(bytes(String(repeating: "[", count: limit + 1))))
    }

    /// The string scan reads eight bytes at a time: a quote, an escape, a control character or a
    /// non-ASCII letter at every position of a word is found, as Foundation's decoder finds it.
    func testStringsEndAndFailWhereverTheirSpecialBytesFall() throws {
        for padding in 0..<17 {
            let plain = String(repeating: "a", count: padding)
            for special in ["\\\"", "\\\\", "\\n", "é", "日本", "\\u00e9", "", "ab\\/cd"] {
                let text = "[\"\(plain)\(special)\(plain)x\",\"\(special)\(plain)\"]"
                let expected = try JSONDecoder().decode(ReportJSON.self, from: Data(text.utf8))
                XCTAssertEqual(try ReportJSONParser.parse(bytes(text)), expected, text)
            }
            let control = "[\"\(plain)\u{1}\(plain)\"]"
            XCTAssertThrowsError(try ReportJSONParser.parse(bytes(control))) { error in
                XCTAssertEqual(error as? ReportJSONError, ReportJSONError(offset: 2 + padding, reason: "unescaped control character in a string"))
            }
            let unterminated = "[\"\(plain)é\(plain)"
            XCTAssertThrowsError(try ReportJSONParser.parse(bytes(unterminated))) { error in
                XCTAssertEqual((error as? ReportJSONError)?.reason, "unterminated string")
            }
            var invalid = bytes("[\"\(plain)")
            invalid += [0xC3, 0x28] + bytes("\(plain)\"]")
            XCTAssertThrowsError(try ReportJSONParser.parse(invalid)) { error in
                XCTAssertEqual((error as? ReportJSONError)?.reason, "invalid UTF-8 in a string")
            }
        }
    }
}
