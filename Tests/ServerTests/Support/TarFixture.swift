import Zlib

/// Tar archives made by hand for the restore tests, straight from the POSIX ustar layout (not with
/// the server's own writer), including entries a data archive must never hold.
enum TarFixture {
    /// One archive entry.
    struct Entry {
        var name: String
        /// `0` file, `1` hard link, `2` symbolic link, `5` directory.
        var type = UInt8(ascii: "0")
        var content: [UInt8] = []
        var linkName = ""
    }

    /// The gzip-compressed archive of `entries`, ended by two zero blocks.
    static func archive(_ entries: [Entry]) -> [UInt8] {
        GzipCompressor.compress(tar(entries))
    }

    /// The uncompressed archive of `entries`.
    static func tar(_ entries: [Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += header(entry)
            bytes += entry.content
            bytes += [UInt8](repeating: 0, count: (512 - entry.content.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }

    /// The 512-byte header of `entry`, with a correct checksum.
    static func header(_ entry: Entry) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func field(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int, at offset: Int) {
            let digits = String(value, radix: 8)
            field(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset)
        }
        field(entry.name, at: 0)
        octal(0o644, width: 8, at: 100)
        octal(0, width: 8, at: 108)
        octal(0, width: 8, at: 116)
        octal(entry.content.count, width: 12, at: 124)
        octal(1_764_633_600, width: 12, at: 136)
        block[156] = entry.type
        field(entry.linkName, at: 157)
        field("ustar", at: 257)
        field("00", at: 263)
        for index in 148..<156 { block[index] = 0x20 }
        octal(block.reduce(0) { $0 + Int($1) }, width: 7, at: 148)
        return block
    }

    /// The entries of a data directory's files, as `duplistatus backup` names them.
    static func entries(_ files: [(name: String, content: [UInt8])]) -> [Entry] {
        [Entry(name: "duplistatus-data/", type: UInt8(ascii: "5"))] + files.map { Entry(name: "duplistatus-data/" + $0.name, content: $0.content) }
    }
}
