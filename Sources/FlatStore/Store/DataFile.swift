/// Identifies a data file: a log segment or a compacted base, packed into 32 bits.
public struct FileID: Sendable, Hashable, Comparable {
    private static let baseFlag: UInt32 = 1 << 31
    let packed: UInt32

    /// A log segment, `log-NNNNNN.jsonl`.
    static func log(_ number: UInt32) -> FileID { FileID(packed: number & ~baseFlag) }
    /// A compacted base holding the live records of every log up to `number`, `base-NNNNNN.jsonl`.
    static func base(_ number: UInt32) -> FileID { FileID(packed: number | baseFlag) }

    /// The segment number (for a base, the last log it covers).
    var number: UInt32 { packed & ~Self.baseFlag }
    /// Whether this is a compacted base.
    var isBase: Bool { packed & Self.baseFlag != 0 }

    /// The file name in the data directory.
    public var name: String { (isBase ? "base-" : "log-") + DataFileName.pad(number, 6) + ".jsonl" }

    /// Replay order: a base comes before the logs it does not cover.
    public static func < (lhs: FileID, rhs: FileID) -> Bool {
        if lhs.number != rhs.number { return lhs.number < rhs.number }
        return lhs.isBase && !rhs.isBase
    }
}

/// Where a record's line lives on disk.
///
/// Files are append-only and never reuse a number, so the file and offset name one line for the
/// store's lifetime; the line's own `seq` stays on disk. 16 bytes for each of the millions of
/// records an index holds (the two 4-byte fields share a word).
public struct RecordLocation: Sendable, Hashable {
    /// The file holding the line.
    public var file: FileID
    /// Length of the line without its newline.
    public var length: UInt32
    /// Byte offset of the line in the file.
    public var offset: UInt64

    /// The line of `length` bytes at `offset` in `file`.
    init(file: FileID, offset: UInt64, length: UInt32) {
        self.file = file
        self.offset = offset
        self.length = length
    }
}

/// Names of the files in a data directory.
enum DataFileName {
    static let quarantine = "quarantine.jsonl"
    static let readme = "README.md"
    static let lock = "LOCK"
    static let temporarySuffix = ".tmp"
    /// Added to a sealed data file's name once it is compressed (`log-000001.jsonl.gz`, see `BlockGzip`).
    static let compressedSuffix = ".gz"

    static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Parses `log-000001.jsonl` or `base-000001.jsonl`.
    static func dataFile(_ name: String) -> FileID? {
        let isBase = name.hasPrefix("base-")
        guard isBase || name.hasPrefix("log-"), name.hasSuffix(".jsonl") else { return nil }
        let digits = name.dropFirst(isBase ? 5 : 4).dropLast(6)
        guard digits.count == 6 || digits.count > 6, let number = UInt32(digits), number < 1 << 31 else { return nil }
        return isBase ? .base(number) : .log(number)
    }

    /// Parses `log-000001.jsonl.gz` or `base-000001.jsonl.gz`, a compressed data file.
    static func compressedDataFile(_ name: String) -> FileID? {
        guard name.hasSuffix(".jsonl" + compressedSuffix) else { return nil }
        return dataFile(String(name.dropLast(compressedSuffix.count)))
    }

    /// `snapshot-FFFFFF-OOOOOOOOOOOOOOOO.jsonl.gz`: replay resumes in log F at offset O.
    static func snapshot(file: UInt32, offset: UInt64) -> String {
        "snapshot-" + pad(file, 6) + "-" + pad(offset, 16) + ".jsonl.gz"
    }

    /// Parses a snapshot name into its replay point.
    static func snapshotPoint(_ name: String) -> (file: UInt32, offset: UInt64)? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".jsonl.gz") else { return nil }
        let parts = name.dropFirst(9).dropLast(9).split(separator: "-")
        guard parts.count == 2, let file = UInt32(parts[0]), let offset = UInt64(parts[1]) else { return nil }
        return (file, offset)
    }
}
