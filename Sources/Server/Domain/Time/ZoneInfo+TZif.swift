/// Reads the parts of a TZif file (RFC 8536, versions 1 to 4) that local times need.
struct TZifReader {
    typealias Zone = (transitions: [Int64], offsets: [ZoneInfo.Offset], initial: ZoneInfo.Offset, rule: PosixZoneRule?)

    let bytes: [UInt8]
    private var position = 0

    /// A reader of `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The zone, from the 64-bit data block when the file has one; nil for anything malformed.
    mutating func read() -> Zone? {
        guard let first = header() else { return nil }
        guard first.version >= UInt8(ascii: "2") else { return block(first, timeSize: 4) }
        // Version 2 and later repeat the data with 64-bit times after the 32-bit block.
        position += first.dataSize(timeSize: 4)
        guard let second = header(), var zone = block(second, timeSize: 8) else { return nil }
        // The footer: the POSIX TZ string for instants after the last transition.
        guard byte() == UInt8(ascii: "\n") else { return nil }
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        let footer = String(decoding: bytes[start..<position], as: UTF8.self)
        if !footer.isEmpty {
            guard let rule = PosixZoneRule(footer) else { return nil }
            zone.rule = rule
        }
        return zone
    }

    /// A header's version and counts.
    private struct Header {
        let version: UInt8
        let isUTCCount, isStandardCount, leapCount, timeCount, typeCount, characterCount: Int

        /// The bytes of the data block after this header, for times of `timeSize` bytes.
        func dataSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + characterCount + leapCount * (timeSize + 4)
                + isStandardCount + isUTCCount
        }
    }

    /// The header here; nil without the `TZif` magic or with impossible counts.
    private mutating func header() -> Header? {
        guard position + 44 <= bytes.count, bytes[position..<position + 4].elementsEqual("TZif".utf8) else { return nil }
        let version = bytes[position + 4]
        position += 20
        let counts = (0..<6).map { _ in Int(integer(size: 4)) }
        // No count can exceed the file's size; this also keeps every size computed from them small.
        guard counts.allSatisfy({ $0 >= 0 && $0 <= bytes.count }), counts[4] >= 1 else { return nil }
        return Header(
            version: version,
            isUTCCount: counts[0],
            isStandardCount: counts[1],
            leapCount: counts[2],
            timeCount: counts[3],
            typeCount: counts[4],
            characterCount: counts[5]
        )
    }

    /// The data block `header` describes; nil when it is cut short or its indices point nowhere.
    private mutating func block(_ header: Header, timeSize: Int) -> Zone? {
        guard position + header.dataSize(timeSize: timeSize) <= bytes.count else { return nil }
        let transitions = (0..<header.timeCount).map { _ in integer(size: timeSize) }
        let typeIndices = (0..<header.timeCount).map { _ in Int(byte()) }
        var types: [(seconds: Int, abbreviationIndex: Int)] = []
        for _ in 0..<header.typeCount {
            let seconds = Int(integer(size: 4))
            position += 1  // is-DST: the abbreviation and offset say all the pages need
            types.append((seconds, Int(byte())))
        }
        let characters = bytes[position..<position + header.characterCount]
        position += header.characterCount
        position += header.leapCount * (timeSize + 4) + header.isStandardCount + header.isUTCCount
        guard typeIndices.allSatisfy({ $0 < types.count }), types.allSatisfy({ $0.abbreviationIndex < max(characters.count, 1) })
        else { return nil }
        let offsets = types.map { type in
            let start = characters.startIndex + type.abbreviationIndex
            let end = characters[start...].firstIndex(of: 0) ?? characters.endIndex
            return ZoneInfo.Offset(seconds: type.seconds, abbreviation: String(decoding: characters[start..<end], as: UTF8.self))
        }
        return (transitions, typeIndices.map { offsets[$0] }, offsets[0], nil)
    }

    /// The next byte; 0 past the end (every caller has checked the size first).
    private mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A big-endian signed integer of `size` bytes.
    private mutating func integer(size: Int) -> Int64 {
        var value: UInt64 = 0
        for _ in 0..<size { value = value << 8 | UInt64(byte()) }
        return size == 4 ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value)
    }
}
