import XCTest
import Zlib

@testable import FlatStore

/// A log line sealed in place at the end of the commit buffer is the line the format describes,
/// byte for byte: its checksum covers exactly its own bytes wherever it starts, and its header
/// reads back.
final class RecordLineTests: XCTestCase {
    /// The header of `line`, which must be intact.
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
        // A flipped byte anywhere in the middle line is caught, and its neighbours still check.
        for offset in lines[1] {
            buffer[offset] ^= 0x01
            Array(buffer[lines[1]]).withUnsafeBytes { XCTAssertFalse(SealedLine.isIntact($0), "byte \(offset)") }
            buffer[offset] ^= 0x01
        }
        buffer[lines[1].lowerBound + 30] ^= 0x01
        XCTAssertEqual(try header(buffer[lines[0]]).sequence, 41)
        XCTAssertEqual(try header(buffer[lines[2]]).sequence, UInt64.max)
    }

    /// Lines whose checksums Python's `zlib.crc32` computed from the format in docs/store.md, not
    /// from this code: the bytes a put and a delete are written as, to the last one.
    func testSealedLinesAreTheDocumentedBytes() {
        let body = Array(#"{"id":"r-1","note":"ünïcödé \"quoted\" / slash"}"#.utf8)
        let fields = IndexFields(["t": .int(1_764_547_200_000), "s": .string("job:a")])
        let put = RecordLine.pending(collection: "runs", key: "r-1", operation: .put, fields: fields, at: 1, more: 2, body: body)
        let delete = RecordLine.pending(collection: "runs", key: "r-0", operation: .delete, fields: fields, at: 2, more: 0, body: body)
        var buffer = Array("x".utf8)
        _ = put.appendSealed(to: &buffer, sequence: 17, sync: 40960)
        buffer.append(0x0A)
        _ = delete.appendSealed(to: &buffer, sequence: 18, sync: nil)
        let expected = [
            #"x{"_crc":"f15d1440","at":1,"c":"runs","i":{"s":"job:a","t":1764547200000},"k":"r-1","more":2,"op":"put","seq":17,"#
                + #""sync":40960,"v":{"id":"r-1","note":"ünïcödé \"quoted\" / slash"}}"#,
            #"{"_crc":"ed432685","at":2,"c":"runs","k":"r-0","op":"del","seq":18}"#,
        ].joined(separator: "\n")
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), expected)
        XCTAssertEqual(
            String(decoding: SealedLine.seal(members: Array(#""at":2,"c":"runs","k":"r-0","op":"del","seq":18}"#.utf8)), as: UTF8.self),
            #"{"_crc":"ed432685","at":2,"c":"runs","k":"r-0","op":"del","seq":18}"#
        )
    }
}

extension String {
    /// The text with zeros in front, to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
