import FoundationEssentials

extension FlatStore {
    /// Compresses every sealed data file that is still only plain — the logs before the newest,
    /// and the base (`….jsonl.gz`, see `BlockGzip`); returns how many. Their plain files go once
    /// `StoreOptions.supersededRetention` has passed.
    public func compress() async throws -> Int {
        try await onMaintenanceThread { try self.compressNow() }
    }

    /// `compress()` for callers that may block (the maintenance thread, offline commands).
    @discardableResult
    public func compressNow() throws -> Int {
        // The newest log listed is being appended to; every one before it was flushed whole when
        // the next one was created, and a base is written whole: none of them changes again.
        var compressed = 0
        for file in DataDirectory(try fileSystem.listFiles()).uncompressed {
            let done = try maintenance.exclusively { () throws -> Bool in
                // A compaction may have superseded it meanwhile (it is then deleted, not compressed).
                let base = status.withLock { $0.base }
                guard file.isBase ? file.number == base : file.number > base else { return false }
                try compress(file)
                deleteExpiredFilesExclusively()
                return true
            }
            if done { compressed += 1 }
        }
        return compressed
    }

    /// Writes `file`'s compressed form: temp file, flush, rename, flush the directory.
    private func compress(_ file: FileID) throws {
        let started = ContinuousClock.now
        let name = file.name
        let target = name + DataFileName.compressedSuffix
        let temporary = target + DataFileName.temporarySuffix
        let input = try fileSystem.open(name, mode: .read)
        defer { fileSystem.close(input) }
        let output = try fileSystem.open(temporary, mode: .createNew)
        var outputOpen = true
        do {
            let time = UInt32(clamping: Int64(options.clock().timeIntervalSince1970))
            var blocks: [BlockGzip.Block] = []
            var pending: [UInt8] = []
            var written: UInt64 = 0
            try SealedBlocks(fileSystem, input, blockBytes: options.compressionBlockBytes).forEachBlock { lines in
                let member = BlockGzip.blockMember(lines, level: 6, time: time)
                // Read back before it counts: a block that does not inflate to its lines is a bug
                // that must never replace the plain file.
                guard let back = BlockGzip.lines(of: member, length: lines.count), back.elementsEqual(lines) else {
                    throw StoreError.corruptRecord(file: temporary, offset: written)
                }
                blocks.append(BlockGzip.Block(memberLength: UInt32(member.count), length: UInt32(lines.count)))
                pending += member
                written += UInt64(member.count)
                if pending.count >= 256 << 10 {
                    try pending.withUnsafeBytes { try fileSystem.append(output, $0) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            let table = BlockGzip.table(blocks, time: time)
            pending += table
            try pending.withUnsafeBytes { try fileSystem.append(output, $0) }
            try fileSystem.sync(output)
            fileSystem.close(output)
            outputOpen = false
            try fileSystem.rename(temporary, to: target)
            try fileSystem.syncDirectory()
            options.logger.info(
                "compressed a sealed file",
                metadata: [
                    "file": "\(target)", "bytes": "\(blocks.reduce(0) { $0 + Int($1.length) })",
                    "compressedBytes": "\(written + UInt64(table.count))",
                    "ms": "\((ContinuousClock.now - started).milliseconds)",
                ]
            )
        } catch {
            if outputOpen { fileSystem.close(output) }
            try? fileSystem.remove(temporary)
            throw error
        }
    }
}

/// A sealed file cut into blocks of whole lines, about `blockBytes` each (a longer line is a block
/// of its own; bytes after the last newline, which a sealed file should not have, end the last one).
struct SealedBlocks {
    let fileSystem: any StoreFileSystem
    let handle: StoreFileHandle
    let blockBytes: Int

    init(_ fileSystem: any StoreFileSystem, _ handle: StoreFileHandle, blockBytes: Int) {
        self.fileSystem = fileSystem
        self.handle = handle
        self.blockBytes = max(blockBytes, 1)
    }

    /// Calls `body` with each block in order.
    func forEachBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let size = try fileSystem.size(handle)
        // Small buffers: this runs beside ingest, whose memory high-water mark has a tight budget.
        let chunk = max(256 << 10, blockBytes)
        var buffer: [UInt8] = []
        var start = 0
        var offset: UInt64 = 0
        while true {
            if offset < size, buffer.count - start < blockBytes + chunk {
                buffer.removeSubrange(0..<start)
                start = 0
                let length = Int(min(UInt64(chunk), size - offset))
                buffer += try LineReader.read(fileSystem, handle, at: offset, length: length)
                offset += UInt64(length)
                continue
            }
            guard start < buffer.count else { return }
            let window = buffer[start..<min(buffer.count, start + blockBytes)]
            let end: Int
            if let newline = window.lastIndex(of: 0x0A) {
                end = newline + 1
            } else if let newline = buffer[(start + window.count)...].firstIndex(of: 0x0A) {
                end = newline + 1
            } else if offset < size {
                // A line longer than what is buffered: read on.
                let length = Int(min(UInt64(chunk), size - offset))
                buffer += try LineReader.read(fileSystem, handle, at: offset, length: length)
                offset += UInt64(length)
                continue
            } else {
                end = buffer.count
            }
            try buffer.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
            start = end
        }
    }
}
