import XCTest
import Zlib

@testable import FlatStore

/// A log line sealed in place at the end of the commit buffer is the line the format describes:
/// its checksum covers exactly its own bytes wherever it starts, and its header reads back.
final class RecordLineTests: XCTestCase {
    private func header(_ line: ArraySlice<UInt8>) throws -> RecordHeader {
        try Array(line).withUnsafeBytes { raw in
            XCTAssertTrue(SealedLine.isIntact(raw), String(decoding: line, as: UTF8.self))
            return try RecordLine.header(of: raw)
        }
    }

    func testLinesSealedAfterOthersInOneBufferAreIntactAndReadBack() throws {
        let body = Array(#"{"id":"r-1","note":"ünïcödé \"quoted\" / slash"}"#.utf8)
        let fields = IndexFields(["t": .int(1_764_547_200_000), "s": .string("job:a")])
        let put = RecordLine.pending(collection: "runs", key: "r-1", operation: .put, fields: fields, at: 0, more: 1, body: body)
        let delete = RecordLine.pending(collection: "runs", key: "r-0", operation: .delete, fields: fields, at: 1, more: 0, body: body)
        var buffer = Array("junk before the group\n".utf8)
        var lines: [Range<Int>] = []
        for (line, sequence, sync) in [(put, UInt64(41), UInt64?(4096)), (delete, 42, nil), (put, UInt64.max, 0)] {
            let start = buffer.count
            let length = line.appendSealed(to: &buffer, sequence: sequence, sync: sync)
            XCTAssertEqual(buffer.count, start + length)
            lines.append(start..<buffer.count)
            buffer.append(0x0A)
        }

        let first = try header(buffer[lines[0]])
        XCTAssertEqual([first.collection, first.key], ["runs", "r-1"])
        XCTAssertEqual(first.operation, .put)
        XCTAssertEqual(first.sequence, 41)
        XCTAssertEqual(first.sync, 4096)
        XCTAssertEqual(first.more, 1)
        XCTAssertEqual(first.fields, fields)
        let range = try XCTUnwrap(first.bodyRange)
        XCTAssertEqual(Array(Array(buffer[lines[0]])[range]), body)

        let second = try header(buffer[lines[1]])
        XCTAssertEqual(second.operation, .delete)
        XCTAssertEqual([second.sequence, UInt64(second.at)], [42, 1])
        XCTAssertNil(second.sync)
        XCTAssertNil(second.bodyRange, "a delete carries no body")
        XCTAssertEqual(second.fields, IndexFields(), "a delete carries no index fields")

        let third = try header(buffer[lines[2]])
        XCTAssertEqual(third.sequence, UInt64.max)
        XCTAssertEqual(third.sync, 0)

        // The checksum is the CRC-32 of the line without its `_crc` member, as the format says.
        let line = Array(buffer[lines[1]])
        let withoutCRC = [UInt8(ascii: "{")] + line[SealedLine.prefixLength...]
        let stored = String(decoding: line[SealedLine.opening.count..<(SealedLine.opening.count + 8)], as: UTF8.self)
        XCTAssertEqual(stored, String(Checksum.crc32(withoutCRC), radix: 16).leftPadded(to: 8))
        // One flipped byte in the middle line leaves the lines beside it intact.
        buffer[lines[1].lowerBound + 30] ^= 0x01
        try Array(buffer[lines[1]]).withUnsafeBytes { XCTAssertFalse(SealedLine.isIntact($0)) }
        XCTAssertEqual(try header(buffer[lines[2]]).sequence, UInt64.max)
    }

    func testSealingMembersAloneGivesTheSameLineAsSealingInPlace() {
        let members = Array(#""c":"notes","k":"a","op":"put","seq":7,"v":{"x":1}}"#.utf8)
        var buffer = Array("prefix".utf8)
        _ = SealedLine.append(to: &buffer) { $0.append(contentsOf: members) }
        XCTAssertEqual(Array(buffer.dropFirst(6)), SealedLine.seal(members: members))
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

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
