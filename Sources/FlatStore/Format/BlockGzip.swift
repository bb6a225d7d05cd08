import Zlib

/// The layout of a compressed log segment, `log-NNNNNN.jsonl.gz`: a series of gzip members, as
/// BGZF uses, so `zcat` and `zgrep` read it whole while the store reads any line by inflating
/// only the block that holds it.
///
/// - Each **block member** holds whole lines (about `blockBytes` of them; a longer line gets a
///   block of its own) and names its own size in a gzip extra field `FB`: the member's length and
///   its uncompressed length, so the blocks can be walked from the start.
/// - The file ends with the **table**: empty members whose extra fields `FX` list the blocks' two
///   lengths in order (up to 8,190 a member, the most a gzip extra field holds), each with their
///   CRC-32 and, in its last four bytes, how far the table reaches to the end of that member;
///   reading the last 14 bytes of the file therefore finds the whole table. Their gzip time is
///   when the file was compressed.
///
/// Integers are little-endian, as gzip's own.
enum BlockGzip {
    /// A block's compressed (whole member) and uncompressed lengths.
    struct Block: Equatable {
        var memberLength: UInt32
        var length: UInt32
    }

    /// Bytes of a block member's header: gzip's 10, the extra length, and the `FB` subfield.
    static let blockHeaderLength = 24
    /// Bytes after a table member's lengths: their CRC-32, the table's reach, the empty stream and trailer.
    private static let tableTailLength = 18
    /// Blocks one table member lists at most (a gzip extra field holds at most 65,535 bytes).
    static let blocksPerTableMember = (Int(UInt16.max) - 12) / 8

    /// One block member holding `lines`.
    static func blockMember(_ lines: UnsafeRawBufferPointer, level: Int32, time: UInt32) -> [UInt8] {
        let deflated = RawDeflate.compress(lines, level: level)
        var member = header(time: time, extraLength: 12)
        member += [0x46, 0x42, 8, 0]  // "FB", 8 bytes
        append(UInt32(blockHeaderLength + deflated.count + 8), to: &member)
        append(UInt32(lines.count), to: &member)
        member += deflated
        append(Checksum.crc32(lines), to: &member)
        append(UInt32(lines.count), to: &member)
        return member
    }

    /// The table that ends a file of `blocks`: one member per `blocksPerTableMember` of them.
    static func table(_ blocks: [Block], time: UInt32) -> [UInt8] {
        var table: [UInt8] = []
        var start = 0
        repeat {
            let part = blocks[start..<min(blocks.count, start + blocksPerTableMember)]
            var entries: [UInt8] = []
            entries.reserveCapacity(part.count * 8)
            for block in part {
                append(block.memberLength, to: &entries)
                append(block.length, to: &entries)
            }
            let subfieldLength = entries.count + 8
            var member = header(time: time, extraLength: 4 + subfieldLength)
            member += [0x46, 0x58]  // "FX"
            append(UInt16(subfieldLength), to: &member)
            member += entries
            append(Checksum.crc32(entries), to: &member)
            append(UInt32(table.count + member.count + 4 + 10), to: &member)
            member += [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]  // an empty final block, CRC-32 0, length 0
            table += member
            start += part.count
        } while start < blocks.count
        return table
    }

    /// The table's length, from the file's last 14 bytes; nil when they are not a table's end.
    static func tableLength(tail: [UInt8]) -> Int? {
        guard tail.count == 14, tail[4...] == [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0] else { return nil }
        let length = Int(read32(tail, 0))
        return length >= 16 + tableTailLength ? length : nil
    }

    /// The blocks and compression time a table lists; nil when any of its members does not check out.
    static func blocks(inTable table: [UInt8]) -> (blocks: [Block], time: UInt32)? {
        var blocks: [Block] = []
        var time: UInt32 = 0
        var start = 0
        while start < table.count {
            guard table.count - start >= 16 + tableTailLength else { return nil }
            let length = Int(read16(table, start + 10)) + 22
            guard length >= 16 + tableTailLength, start + length <= table.count else { return nil }
            let member = Array(table[start..<(start + length)])
            let entriesEnd = length - tableTailLength
            guard isHeader(member), member[12] == 0x46, member[13] == 0x58, Int(read16(member, 14)) == entriesEnd - 8,
                (entriesEnd - 16) % 8 == 0, Int(read32(member, entriesEnd + 4)) == start + length,
                member[(length - 10)...] == [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0],
                Checksum.crc32(Array(member[16..<entriesEnd])) == read32(member, entriesEnd)
            else { return nil }
            for at in stride(from: 16, to: entriesEnd, by: 8) {
                blocks.append(Block(memberLength: read32(member, at), length: read32(member, at + 4)))
            }
            time = read32(member, 4)
            start += length
        }
        return (blocks, time)
    }

    /// The block a member header names; nil when `bytes` (at least `blockHeaderLength`) is not one.
    static func block(header bytes: [UInt8]) -> Block? {
        guard bytes.count >= blockHeaderLength, isHeader(bytes), read16(bytes, 10) == 12,
            bytes[12] == 0x46, bytes[13] == 0x42, read16(bytes, 14) == 8
        else { return nil }
        let block = Block(memberLength: read32(bytes, 16), length: read32(bytes, 20))
        // Deflate never grows data by more than a few bytes per 16 KiB: a header claiming more is damaged.
        let plausible = UInt64(block.memberLength) <= UInt64(block.length) + UInt64(block.length) / 16 + 256
        return Int(block.memberLength) >= blockHeaderLength + 8 && plausible ? block : nil
    }

    /// Whether `bytes` (at least `blockHeaderLength`) start a table member.
    static func isTableHeader(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 16 && isHeader(bytes) && bytes[12] == 0x46 && bytes[13] == 0x58
    }

    /// The lines of block member `member` (of the block's `length`); nil when it does not inflate
    /// to exactly them or their CRC-32 differs.
    static func lines(of member: [UInt8], length: Int) -> [UInt8]? {
        guard member.count >= blockHeaderLength + 8 else { return nil }
        var lines = [UInt8](repeating: 0, count: length)
        let trailer = member.count - 8
        let inflated = member.withUnsafeBytes { raw in
            lines.withUnsafeMutableBytes { output in
                RawDeflate.inflate(UnsafeRawBufferPointer(rebasing: raw[blockHeaderLength..<trailer]), into: output)
            }
        }
        guard inflated, Checksum.crc32(lines) == read32(member, trailer), read32(member, trailer + 4) == UInt32(length)
        else { return nil }
        return lines
    }

    private static func header(time: UInt32, extraLength: Int) -> [UInt8] {
        // Deflate, FEXTRA, the time, no extra flags, operating system unknown.
        var header: [UInt8] = [0x1F, 0x8B, 8, 4]
        append(time, to: &header)
        header += [0, 0xFF]
        append(UInt16(extraLength), to: &header)
        return header
    }

    private static func isHeader(_ bytes: [UInt8]) -> Bool {
        bytes[0] == 0x1F && bytes[1] == 0x8B && bytes[2] == 8 && bytes[3] == 4
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    private static func read16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { value, index in value | UInt32(bytes[at + index]) << UInt32(8 * index) }
    }
}
