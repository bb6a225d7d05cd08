import Zlib

/// The integrity envelope shared by every FlatStore file: a JSON object whose first member is
/// `"_crc":"xxxxxxxx"`, the CRC-32 of the line with that member removed.
///
/// `_crc` sorts before every lower-case key, so a sealed line is still canonical (sorted keys),
/// and the check needs no JSON parsing: the member has a fixed width.
enum SealedLine {
    /// `{"_crc":"` — the fixed start of every sealed line.
    static let opening: [UInt8] = Array(#"{"_crc":""#.utf8)
    /// Length of `{"_crc":"xxxxxxxx",`.
    static let prefixLength = opening.count + 8 + 2
    /// The CRC-32 of the line's opening brace, where every line's checksum starts: computed once,
    /// not for every line written or checked.
    private static let braceCRC = Checksum.crc32([UInt8(ascii: "{")])

    /// Seals `members` — the object's text after its opening brace (`"a":1,"b":2}`) — into one line
    /// without the trailing newline.
    static func seal(members: [UInt8]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(prefixLength + members.count + 1)
        _ = append(to: &line) { $0.append(contentsOf: members) }
        return line
    }

    /// Appends a sealed line (without the trailing newline) to `buffer` and returns its length:
    /// `writeMembers` appends the object's text after its opening brace, and the checksum of what
    /// it wrote is then filled in ahead of it, so no line is built apart from the buffer.
    static func append(to buffer: inout [UInt8], members writeMembers: (inout [UInt8]) -> Void) -> Int {
        let start = buffer.count
        buffer.append(contentsOf: opening)
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 8))
        buffer.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ",")])
        writeMembers(&buffer)
        buffer.withUnsafeMutableBytes { raw in
            let crc = Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[(start + prefixLength)...]), seed: braceCRC)
            JSONText.writeHex32(crc, into: raw, at: start + opening.count)
        }
        return buffer.count - start
    }

    /// True when `line` (without its newline) carries a checksum that matches its content.
    static func isIntact(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count > prefixLength + 1, line[line.count - 1] == UInt8(ascii: "}") else { return false }
        for (index, byte) in opening.enumerated() where line[index] != byte { return false }
        guard line[prefixLength - 2] == UInt8(ascii: "\""), line[prefixLength - 1] == UInt8(ascii: ",") else {
            return false
        }
        var stored: UInt32 = 0
        for index in opening.count..<(opening.count + 8) {
            let byte = line[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            default: return false
            }
            stored = stored << 4 | digit
        }
        return Checksum.crc32(UnsafeRawBufferPointer(rebasing: line[prefixLength...]), seed: braceCRC) == stored
    }
}
