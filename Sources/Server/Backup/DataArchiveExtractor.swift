import FlatStore
import Zlib

/// Unpacks a data archive into an empty directory as its bytes arrive, refusing anything a data
/// directory does not hold: absolute paths, `..`, subdirectories, links and special files, names
/// that are not store files, duplicates, more bytes than the limit, a truncated or corrupt stream.
///
/// What it writes is not trusted yet: `StoreRestore` verifies and trial-opens it before it replaces
/// anything.
struct DataArchiveExtractor {
    private enum Stage {
        case header
        /// `handle` is nil for an entry that is read past (the lock file of a hand-made archive).
        case content(name: String, handle: StoreFileHandle?, remaining: UInt64, padding: Int)
        case padding(Int)
        case ended
    }

    private let target: any StoreFileSystem
    private let options: StoreOptions
    private let limit: UInt64
    private let gzip = GzipDecompressor()
    private var pending: [UInt8] = []
    private var stage = Stage.header
    private var zeroBlocks = 0
    private(set) var files: [String] = []
    private(set) var bytes: UInt64 = 0

    /// An extractor writing into `target`, whose store files are named as `options` says, that
    /// refuses archives holding more than `limit` bytes.
    init(into target: any StoreFileSystem, options: StoreOptions, limit: UInt64) {
        self.target = target
        self.options = options
        self.limit = limit
    }

    /// Takes the next compressed bytes.
    mutating func feed(_ compressed: UnsafeRawBufferPointer) throws {
        // In slices, so that a stream that inflates a thousandfold (zeros) stays small in memory.
        var start = 0
        while start < compressed.count {
            let end = min(compressed.count, start + Self.sliceBytes)
            do {
                try gzip.decompress(UnsafeRawBufferPointer(rebasing: compressed[start..<end]), into: &pending)
            } catch {
                throw ArchiveProblem("the archive is not a valid gzip file (damaged, or not made by duplistatus backup)")
            }
            guard gzip.trailingBytes == 0 else { throw ArchiveProblem("the archive has data after its end") }
            try consume()
            start = end
        }
    }

    /// Compressed bytes inflated at a time.
    private static let sliceBytes = 16 * 1024

    /// Checks that the archive ended properly and makes what was written durable.
    mutating func finish() throws {
        guard gzip.finished else { throw ArchiveProblem("the archive is cut short (its gzip stream does not end)") }
        try consume()
        let complete: Bool
        switch stage {
        case .ended: complete = true
        case .header: complete = zeroBlocks > 0
        case .content, .padding: complete = false
        }
        guard complete else { throw ArchiveProblem("the archive is cut short (it ends inside a file)") }
        guard !files.isEmpty else { throw ArchiveProblem("the archive holds no data files") }
        try target.syncDirectory()
    }

    private mutating func consume() throws {
        var offset = 0
        defer { pending.removeFirst(offset) }
        while true {
            switch stage {
            case .ended:
                guard pending[offset...].allSatisfy({ $0 == 0 }) else { throw ArchiveProblem("the archive has data after its end") }
                offset = pending.count
                return
            case .padding(let count):
                guard pending.count - offset >= count else { return }
                offset += count
                stage = .header
            case .header:
                guard pending.count - offset >= TarHeader.blockSize else { return }
                let block = pending[offset..<(offset + TarHeader.blockSize)]
                offset += TarHeader.blockSize
                if TarHeader.isEnd(block) {
                    zeroBlocks += 1
                    if zeroBlocks == 2 { stage = .ended }
                    continue
                }
                guard zeroBlocks == 0 else { throw ArchiveProblem("the archive has data after its end") }
                guard let header = TarHeader(parsing: block) else { throw ArchiveProblem("a tar header is damaged") }
                try begin(header)
            case .content(let name, let handle, let remaining, let padding):
                let count = Int(min(UInt64(pending.count - offset), remaining))
                if count > 0, let handle {
                    try pending.withUnsafeBytes { raw in try target.append(handle, UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)])) }
                }
                offset += count
                if remaining - UInt64(count) > 0 {
                    stage = .content(name: name, handle: handle, remaining: remaining - UInt64(count), padding: padding)
                    return
                }
                if let handle {
                    try target.sync(handle)
                    target.close(handle)
                }
                stage = .padding(padding)
            }
        }
    }

    /// Validates one entry and starts writing it.
    private mutating func begin(_ header: TarHeader) throws {
        let name = try Self.fileName(header.name)
        switch header.kind {
        case .directory:
            guard name == nil else { throw ArchiveProblem("'\(header.name)' is a subdirectory; a data directory has none") }
        case .other(let flag) where [UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K")].contains(flag):
            // Python's tarfile and bsdtar write pax headers by default; GNU tar's long names use L/K.
            throw ArchiveProblem(
                "the archive uses pax or GNU extension headers, which a data archive does not need; "
                    + "make it with 'duplistatus backup' or 'tar --format=ustar'"
            )
        case .other:
            throw ArchiveProblem("'\(header.name)' is a link or a special file; a data archive holds plain files only")
        case .file:
            guard let name else { throw ArchiveProblem("'\(header.name)' is not a file name") }
            let padding = (TarHeader.blockSize - Int(header.size % UInt64(TarHeader.blockSize))) % TarHeader.blockSize
            if name == StoreOptions.lockFileName {
                stage = .content(name: name, handle: nil, remaining: header.size, padding: padding)
                return
            }
            guard options.isStoreFile(name) else { throw ArchiveProblem("'\(name)' is not a file of a duplistatus data directory") }
            guard !files.contains(name) else { throw ArchiveProblem("'\(name)' appears twice") }
            bytes += header.size
            guard bytes <= limit else { throw ArchiveProblem("the archive unpacks to more than the \(limit) bytes allowed (--max-archive-mb)") }
            let handle = try target.open(name, mode: options.sidecars.contains(name) ? .createNewPrivate : .createNew)
            files.append(name)
            stage = .content(name: name, handle: handle, remaining: header.size, padding: padding)
        }
    }

    /// The plain file name of an entry (nil for the archive's own directory), accepting the
    /// `duplistatus-data/` directory of `duplistatus backup` or `./` of a hand-made `tar -C data .`.
    static func fileName(_ entry: String) throws -> String? {
        guard !entry.hasPrefix("/") else { throw ArchiveProblem("'\(entry.prefix(80))' is an absolute path") }
        var parts = entry.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.contains("..") else { throw ArchiveProblem("'\(entry.prefix(80))' climbs out with '..'") }
        parts.removeAll { $0 == "." }
        if parts.first == DataArchive.root { parts.removeFirst() }
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: throw ArchiveProblem("'\(entry.prefix(80))' lies in a subdirectory; a data directory has none")
        }
    }
}
