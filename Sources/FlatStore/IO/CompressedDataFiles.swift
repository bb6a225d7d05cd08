import Synchronization

/// The file system the store works through: the disk beneath, plus compressed data files (sealed
/// logs and bases) served under their plain names.
///
/// Opening `log-N.jsonl` (or `base-N.jsonl`) for reading opens the plain file while it exists and
/// otherwise `log-N.jsonl.gz`, whose reads then return the plain bytes at the plain offsets.
/// Everything that reads data files — replay, recovery's checks, record reads, scrubs, compaction,
/// verify — therefore works on compressed ones unchanged. Listing, sizes by the real name, renames
/// and deletions see the real files.
final class CompressedDataFiles: StoreFileSystem {
    /// Inflated blocks kept for the next read (a record read, a line reader's next chunk).
    private static let cachedBlocks = 8

    private struct Open {
        var files: [Int32: (file: CompressedDataFile, serial: UInt64)] = [:]
        var nextRaw: Int32 = -2
        var nextSerial: UInt64 = 0
        var recent: [(serial: UInt64, block: Int, lines: [UInt8])] = []
    }

    /// The disk beneath.
    let disk: any StoreFileSystem
    private let open = Mutex(Open())

    /// Serves `disk`'s compressed data files under their plain names.
    init(_ disk: any StoreFileSystem) {
        self.disk = disk
    }

    func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle {
        guard mode == .read, DataFileName.dataFile(name) != nil else {
            return try disk.open(name, mode: mode)
        }
        do {
            return try disk.open(name, mode: .read)
        } catch let error as FileSystemError where error.code == Errno.noEntry {
            guard let handle = try? disk.open(name + DataFileName.compressedSuffix, mode: .read) else { throw error }
            do {
                let file = try CompressedDataFile(disk, handle: handle)
                return open.withLock { open in
                    // Negative numbers are never descriptors, so the two kinds of handle cannot meet.
                    var raw = open.nextRaw
                    while open.files[raw] != nil { raw = raw == .min ? -2 : raw - 1 }
                    open.nextRaw = raw == .min ? -2 : raw - 1
                    open.files[raw] = (file, open.nextSerial)
                    open.nextSerial += 1
                    return StoreFileHandle(raw: raw)
                }
            } catch {
                disk.close(handle)
                throw error
            }
        }
    }

    func read(_ handle: StoreFileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard let (file, serial) = compressed(handle) else { return try disk.read(handle, into: buffer, at: offset) }
        var offset = offset
        var filled = 0
        while filled < buffer.count, offset < file.size {
            let index = file.block(containing: offset)
            let lines = try lines(of: index, in: file, serial: serial)
            let from = Int(offset - file.lineStart(of: index))
            let count = min(lines.count - from, buffer.count - filled)
            lines.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + count)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[from..<(from + count)]))
            }
            filled += count
            offset += UInt64(count)
        }
        return filled
    }

    func size(_ handle: StoreFileHandle) throws -> UInt64 {
        guard let (file, _) = compressed(handle) else { return try disk.size(handle) }
        return file.size
    }

    func close(_ handle: StoreFileHandle) {
        let closed = open.withLock { open -> StoreFileHandle? in
            guard let (file, serial) = open.files.removeValue(forKey: handle.raw) else { return nil }
            open.recent.removeAll { $0.serial == serial }
            return file.handle
        }
        disk.close(closed ?? handle)
    }

    private func compressed(_ handle: StoreFileHandle) -> (CompressedDataFile, UInt64)? {
        guard handle.raw <= -2 else { return nil }
        return open.withLock { $0.files[handle.raw] }
    }

    private func lines(of index: Int, in file: CompressedDataFile, serial: UInt64) throws -> [UInt8] {
        let cached = open.withLock { open in open.recent.first { $0.serial == serial && $0.block == index }?.lines }
        if let cached { return cached }
        let lines = try file.lines(of: index, disk)
        open.withLock { open in
            if open.recent.count >= Self.cachedBlocks { open.recent.removeFirst() }
            open.recent.append((serial, index, lines))
        }
        return lines
    }

    // The rest is the disk's own.

    func prepareDirectory() throws { try disk.prepareDirectory() }
    func listFiles() throws -> [String] { try disk.listFiles() }
    func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws { try disk.append(handle, bytes) }
    func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        try disk.write(handle, bytes, at: offset)
    }
    func sync(_ handle: StoreFileHandle) throws { try disk.sync(handle) }
    func truncate(_ handle: StoreFileHandle, to size: UInt64) throws { try disk.truncate(handle, to: size) }
    func rename(_ from: String, to: String) throws { try disk.rename(from, to: to) }
    func remove(_ name: String) throws { try disk.remove(name) }
    func syncDirectory() throws { try disk.syncDirectory() }
    func lock() throws -> any LockOwner { try disk.lock() }
    func isLinked(_ handle: StoreFileHandle) -> Bool { disk.isLinked(handle) }
    func freeBytes() -> UInt64? { disk.freeBytes() }

    func link(_ name: String, into other: any StoreFileSystem) -> Bool {
        disk.link(name, into: (other as? CompressedDataFiles)?.disk ?? other)
    }
}
