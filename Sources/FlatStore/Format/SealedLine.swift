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
        let crc = Checksum.crc32(members, seed: braceCRC)
        var line: [UInt8] = []
        line.reserveCapacity(prefixLength + members.count + 1)
        line.append(contentsOf: opening)
        JSONText.appendHex32(crc, to: &line)
        line.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ",")])
        line.append(contentsOf: members)
        return line
    }

    /// Seals a line made of several member pieces, checksummed in order without joining them first.
    static func seal(pieces: [[UInt8]]) -> [UInt8] {
        var crc = braceCRC
        var total = prefixLength
        for piece in pieces {
            crc = Checksum.crc32(piece, seed: crc)
            total += piece.count
        }
        var line: [UInt8] = []
        line.reserveCapacity(total + 1)
        line.append(contentsOf: opening)
        JSONText.appendHex32(crc, to: &line)
        line.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ",")])
        for piece in pieces { line.append(contentsOf: piece) }
        return line
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
