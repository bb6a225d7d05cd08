/// Reads a file line by line in fixed-size chunks, so a multi-gigabyte file never becomes one string.
struct LineReader {
    /// Where reading stopped.
    struct End {
        /// Offset just past the last newline-terminated line.
        var completeUpTo: UInt64
        /// Bytes after it with no newline (a torn tail), if any.
        var trailingBytes: UInt64
    }

    let fileSystem: any StoreFileSystem
    let handle: StoreFileHandle
    var chunkSize = 1 << 20

    /// Calls `body` with each newline-terminated line (without the newline) and its offset, from
    /// `start` up to `limit` (or the end of the file). `body` returns false to stop early.
    func forEachLine(
        from start: UInt64,
        limit: UInt64? = nil,
        _ body: (UnsafeRawBufferPointer, UInt64) throws -> Bool
    ) throws -> End {
        let fileEnd = try fileSystem.size(handle)
        let end = min(limit ?? fileEnd, fileEnd)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var filled = 0
        var bufferOffset = start
        var readOffset = start
        while true {
            if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let want = Int(min(UInt64(buffer.count - filled), end - min(readOffset, end)))
            let count =
                want == 0
                ? 0
                : try buffer.withUnsafeMutableBytes { raw in
                    try fileSystem.read(handle, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<(filled + want)]), at: readOffset)
                }
            readOffset += UInt64(count)
            filled += count
            var consumed = 0
            var stop = false
            try buffer.withUnsafeBytes { raw in
                while consumed < filled {
                    let remaining = UnsafeRawBufferPointer(rebasing: raw[consumed..<filled])
                    guard let newline = remaining.firstIndex(of: 0x0A) else { break }
                    let line = UnsafeRawBufferPointer(rebasing: raw[consumed..<(consumed + newline)])
                    if try !body(line, bufferOffset + UInt64(consumed)) {
                        stop = true
                        consumed += newline + 1
                        break
                    }
                    consumed += newline + 1
                }
            }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    (base).copyMemory(from: base + consumed, byteCount: filled - consumed)
                }
                filled -= consumed
                bufferOffset += UInt64(consumed)
            }
            if stop { return End(completeUpTo: bufferOffset, trailingBytes: 0) }
            if count == 0 { return End(completeUpTo: bufferOffset, trailingBytes: UInt64(filled)) }
        }
    }

    /// Reads exactly `length` bytes at `offset`.
    static func read(
        _ fileSystem: any StoreFileSystem,
        _ handle: StoreFileHandle,
        at offset: UInt64,
        length: Int
    ) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        let count = try bytes.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: offset) }
        guard count == length else { throw FileSystemError(operation: "read", name: "short read", code: Errno.io) }
        return bytes
    }

    /// The first line of the file (without its newline), if it has a complete one.
    func firstLine() throws -> [UInt8]? {
        var first: [UInt8]?
        var reader = self
        reader.chunkSize = 4096
        _ = try reader.forEachLine(from: 0) { line, _ in
            first = Array(line)
            return false
        }
        return first
    }

    /// The line that ends just before `end` (whose newline is the byte at `end - 1`), with its offset.
    func line(endingAt end: UInt64) throws -> (offset: UInt64, bytes: [UInt8])? {
        guard end > 0, try Self.read(fileSystem, handle, at: end - 1, length: 1) == [0x0A] else { return nil }
        let start = try afterLastNewline(before: end - 1) ?? 0
        return (start, try Self.read(fileSystem, handle, at: start, length: Int(end - 1 - start)))
    }

    /// The last intact line of the file, stepping back over a torn end, the blank lines a log grows
    /// ahead of its writes, and up to `skipping` damaged lines.
    func lastIntactLine(skipping: Int = 4) throws -> (offset: UInt64, bytes: [UInt8])? {
        guard let terminated = try lastOffset(before: try fileSystem.size(handle), where: { $0 == 0x0A }) else { return nil }
        var end = try endOfLastLine(before: terminated + 1)
        for _ in 0...skipping {
            guard let (offset, bytes) = try line(endingAt: end) else { return nil }
            if bytes.withUnsafeBytes({ SealedLine.isIntact($0) }) { return (offset, bytes) }
            end = offset
        }
        return nil
    }

    /// The offset just past the newline that ends the file's last line that is not blank (the
    /// file's size when that line has no newline yet); 0 for a file of blank lines only.
    func endOfLastLine() throws -> UInt64 {
        try endOfLastLine(before: try fileSystem.size(handle))
    }

    /// The offset just past the newline that ends the last line before `limit` that is not blank
    /// (`limit` when that line has no newline before it); 0 when there are blank lines only.
    private func endOfLastLine(before limit: UInt64) throws -> UInt64 {
        guard let content = try lastOffset(before: limit, where: { $0 != 0x0A }) else { return 0 }
        // The byte after the last one that is not a newline is the newline ending its line.
        return min(content + 2, limit)
    }

    /// The offset just past the last newline before `limit`.
    private func afterLastNewline(before limit: UInt64) throws -> UInt64? {
        try lastOffset(before: limit, where: { $0 == 0x0A }).map { $0 + 1 }
    }

    /// The offset of the last byte before `limit` that `matches`, reading backwards in growing windows.
    private func lastOffset(before limit: UInt64, where matches: (UInt8) -> Bool) throws -> UInt64? {
        var upper = limit
        var window: UInt64 = 4096
        while upper > 0 {
            let start = upper > window ? upper - window : 0
            let bytes = try Self.read(fileSystem, handle, at: start, length: Int(upper - start))
            if let index = bytes.lastIndex(where: matches) { return start + UInt64(index) }
            upper = start
            window = min(window * 4, 1 << 20)
        }
        return nil
    }
}
