import Synchronization

/// Read handles of data files, opened on first use and closed once a file is deleted and no read
/// is still using its handle.
final class FileCache: Sendable {
    private struct Handles {
        /// The handle each file is read through, and how many reads are using it.
        var open: [FileID: (handle: StoreFileHandle, readers: Int)] = [:]
        /// Handles of evicted files that reads are still using, with how many.
        var retired: [StoreFileHandle: Int] = [:]
    }

    private let fileSystem: any StoreFileSystem
    private let handles = Mutex(Handles())

    init(fileSystem: any StoreFileSystem) {
        self.fileSystem = fileSystem
    }

    /// Calls `body` with the read handle of `file`, which stays open until `body` returns.
    func withHandle<Result>(_ file: FileID, _ body: (StoreFileHandle) throws -> Result) throws -> Result {
        let handle = try handles.withLock { handles in
            if let open = handles.open[file] {
                handles.open[file] = (open.handle, open.readers + 1)
                return open.handle
            }
            let handle = try fileSystem.open(file.name, mode: .read)
            handles.open[file] = (handle, 1)
            return handle
        }
        defer {
            let close = handles.withLock { handles -> Bool in
                if let open = handles.open[file], open.handle == handle {
                    handles.open[file] = (handle, open.readers - 1)
                    return false
                }
                let readers = (handles.retired[handle] ?? 1) - 1
                handles.retired[handle] = readers > 0 ? readers : nil
                return readers == 0
            }
            if close { fileSystem.close(handle) }
        }
        return try body(handle)
    }

    /// Reads the line at `location` and checks its checksum.
    func line(at location: RecordLocation) throws(StoreError) -> [UInt8] {
        do {
            let bytes = try withHandle(location.file) { handle in
                var bytes = [UInt8](repeating: 0, count: Int(location.length))
                let count = try bytes.withUnsafeMutableBytes { raw in
                    try fileSystem.read(handle, into: raw, at: location.offset)
                }
                return count == bytes.count ? bytes : nil
            }
            guard let bytes, bytes.withUnsafeBytes({ SealedLine.isIntact($0) }) else {
                throw StoreError.corruptRecord(file: location.file.name, offset: location.offset)
            }
            return bytes
        } catch {
            throw StoreError(error)
        }
    }

    /// Reads the bytes at `location` without checking them (to quarantine a damaged line).
    func raw(at location: RecordLocation) throws -> [UInt8] {
        try withHandle(location.file) { handle in
            try LineReader.read(fileSystem, handle, at: location.offset, length: Int(location.length))
        }
    }

    /// Stops using the handle of a file that was deleted or replaced on disk (a compressed log's
    /// plain file): reads still using it finish first, the next read opens the file anew.
    func evict(_ file: FileID) {
        let idle = handles.withLock { handles -> StoreFileHandle? in
            guard let open = handles.open.removeValue(forKey: file) else { return nil }
            if open.readers == 0 { return open.handle }
            handles.retired[open.handle] = open.readers
            return nil
        }
        if let idle { fileSystem.close(idle) }
    }

    /// Closes every handle.
    func closeAll() {
        let all = handles.withLock { handles in
            defer { handles.open.removeAll() }
            return handles.open.values.map(\.handle)
        }
        for handle in all { fileSystem.close(handle) }
    }
}
