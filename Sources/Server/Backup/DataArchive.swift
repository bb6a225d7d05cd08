import Zlib

/// The backup archive of a data directory: a gzip-compressed POSIX ustar archive holding the
/// directory `duplistatus-data/` and the store's files in it, so `tar xzf` restores it by hand.
enum DataArchive {
    /// The directory every entry lives in.
    static let root = "duplistatus-data"

    /// One file to put into an archive.
    struct Source: Sendable {
        var name: String
        var length: UInt64
        /// Readable by its owner alone (a private sidecar such as a key file).
        var isPrivate: Bool
        /// Reads bytes at an offset into a buffer; returns how many.
        var read: @Sendable (UInt64, UnsafeMutableRawBufferPointer) throws -> Int
    }

    /// Writes `files` as an archive, handing the compressed bytes to `emit` in pieces of about
    /// 1 MiB; `modified` (epoch seconds) stamps every entry.
    static func write(_ files: [Source], modified: Int64, emit: ([UInt8]) async throws -> Void) async throws {
        let gzip = GzipCompressor(level: 6)
        var output: [UInt8] = []
        func add(_ bytes: [UInt8]) async throws {
            bytes.withUnsafeBytes { gzip.compress($0, into: &output) }
            if output.count >= 1 << 20 {
                try await emit(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        try await add(TarHeader(name: root + "/", size: 0, mode: 0o755, modified: modified, kind: .directory).block)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for file in files {
            let header = TarHeader(
                name: root + "/" + file.name,
                size: file.length,
                mode: file.isPrivate ? 0o600 : 0o644,
                modified: modified,
                kind: .file
            )
            try await add(header.block)
            var offset: UInt64 = 0
            while offset < file.length {
                let count = try buffer.withUnsafeMutableBytes { raw in
                    try file.read(offset, UnsafeMutableRawBufferPointer(rebasing: raw[0..<Int(min(UInt64(raw.count), file.length - offset))]))
                }
                guard count > 0 else { throw ArchiveProblem("\(file.name) ended before its \(file.length) bytes") }
                try await add(Array(buffer[0..<count]))
                offset += UInt64(count)
            }
            let padding = (TarHeader.blockSize - Int(file.length % UInt64(TarHeader.blockSize))) % TarHeader.blockSize
            try await add([UInt8](repeating: 0, count: padding))
        }
        try await add([UInt8](repeating: 0, count: 2 * TarHeader.blockSize))
        gzip.finish(into: &output)
        try await emit(output)
    }
}

/// Why an archive cannot be restored, in plain words.
struct ArchiveProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
