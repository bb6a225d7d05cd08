/// One 512-byte header of a POSIX ustar archive: the only tar layout duplistatus writes or reads.
struct TarHeader: Equatable {
    /// The entry kinds a data archive may hold.
    enum Kind: Equatable {
        case file
        case directory
        /// Anything else (links, devices, pax or GNU extension headers): refused when reading.
        case other(UInt8)
    }

    static let blockSize = 512

    var name: String
    var size: UInt64
    var mode: UInt32
    /// Seconds since 1970.
    var modified: Int64
    var kind: Kind

    /// The header block.
    var block: [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        Self.put(Array(name.utf8.prefix(100)), at: 0, into: &block)
        Self.put(Self.octal(UInt64(mode), width: 8), at: 100, into: &block)
        Self.put(Self.octal(0, width: 8), at: 108, into: &block)
        Self.put(Self.octal(0, width: 8), at: 116, into: &block)
        Self.put(Self.size(size), at: 124, into: &block)
        Self.put(Self.octal(UInt64(max(0, modified)), width: 12), at: 136, into: &block)
        block[156] =
            switch kind {
            case .file: UInt8(ascii: "0")
            case .directory: UInt8(ascii: "5")
            case .other(let flag): flag
            }
        Self.put(Array("ustar\u{0}00".utf8), at: 257, into: &block)
        // The checksum is computed with its own field as eight spaces.
        Self.put([UInt8](repeating: 0x20, count: 8), at: 148, into: &block)
        let sum = block.reduce(0) { $0 + UInt64($1) }
        Self.put(Self.octal(sum, width: 7) + [0x20], at: 148, into: &block)
        return block
    }

    /// Whether a block is all zeros (two of them end an archive).
    static func isEnd(_ block: ArraySlice<UInt8>) -> Bool { block.allSatisfy { $0 == 0 } }

    /// Parses a header block; nil when its checksum does not match (not a tar header, or damaged).
    init?(parsing block: ArraySlice<UInt8>) {
        let block = Array(block)
        guard block.count == Self.blockSize else { return nil }
        var unsigned: UInt64 = 0
        for (index, byte) in block.enumerated() { unsigned += (148..<156).contains(index) ? 0x20 : UInt64(byte) }
        guard let stored = Self.number(block[148..<156]), stored == unsigned else { return nil }
        let prefix = Self.text(block[345..<500])
        let base = Self.text(block[0..<100])
        let isUstar = block[257..<262].elementsEqual("ustar".utf8)
        name = isUstar && !prefix.isEmpty ? prefix + "/" + base : base
        guard let size = Self.size(block[124..<136]), let mode = Self.number(block[100..<108]),
            let modified = Self.number(block[136..<148])
        else { return nil }
        self.size = size
        self.mode = UInt32(truncatingIfNeeded: mode)
        self.modified = Int64(clamping: modified)
        switch block[156] {
        case 0, UInt8(ascii: "0"): kind = .file
        case UInt8(ascii: "5"): kind = .directory
        case let flag: kind = .other(flag)
        }
    }

    init(name: String, size: UInt64, mode: UInt32, modified: Int64, kind: Kind) {
        self.name = name
        self.size = size
        self.mode = mode
        self.modified = modified
        self.kind = kind
    }

    private static func put(_ bytes: [UInt8], at offset: Int, into block: inout [UInt8]) {
        block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    /// `value` in octal, zero-padded, NUL-terminated, `width` bytes in all.
    private static func octal(_ value: UInt64, width: Int) -> [UInt8] {
        let digits = Array(String(value, radix: 8).utf8)
        return [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - 1 - digits.count)) + digits + [0]
    }

    /// A size: octal up to 8 GiB, GNU's base-256 form (first byte 0x80) above it.
    private static func size(_ value: UInt64) -> [UInt8] {
        guard value >= 1 << 33 else { return octal(value, width: 12) }
        var bytes = [UInt8](repeating: 0, count: 12)
        var rest = value
        for index in stride(from: 11, through: 1, by: -1) {
            bytes[index] = UInt8(rest & 0xFF)
            rest >>= 8
        }
        bytes[0] = 0x80
        return bytes
    }

    private static func size(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard let first = field.first, first & 0x80 != 0 else { return number(field) }
        var value: UInt64 = 0
        for byte in field.dropFirst() {
            guard value >> 56 == 0 else { return nil }
            value = value << 8 | UInt64(byte)
        }
        return value
    }

    /// An octal number field, ending at a NUL or space; nil when it holds anything else.
    private static func number(_ field: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var seenDigit = false
        for byte in field {
            if byte == 0 || byte == 0x20 {
                if seenDigit { break } else { continue }
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte), value >> 60 == 0 else { return nil }
            value = value * 8 + UInt64(byte - UInt8(ascii: "0"))
            seenDigit = true
        }
        return value
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
