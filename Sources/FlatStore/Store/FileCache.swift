import Synchronization

/// Read handles of data files, opened on first use and closed when a file is deleted.
final class FileCache: Sendable {
    private let fileSystem: any StoreFileSystem
    private let handles = Mutex<[FileID: StoreFileHandle]>([:])

    init(fileSystem: any StoreFileSystem) {
        self.fileSystem = fileSystem
    }

    /// The read handle of `file`.
    func handle(_ file: FileID) throws -> StoreFileHandle {
        try handles.withLock { handles in
            if let handle = handles[file] { return handle }
            let handle = try fileSystem.open(file.name, mode: .read)
            handles[file] = handle
            return handle
        }
    }

    /// Reads the line at `location` and checks its checksum.
    func line(at location: RecordLocation) throws(StoreError) -> [UInt8] {
        do {
            let handle = try handle(location.file)
            var bytes = [UInt8](repeating: 0, count: Int(location.length))
            let count = try bytes.withUnsafeMutableBytes { raw in
                try fileSystem.read(handle, into: raw, at: location.offset)
            }
            guard count == bytes.count, bytes.withUnsafeBytes({ SealedLine.isIntact($0) }) else {
                throw StoreError.corruptRecord(file: location.file.name, offset: location.offset)
            }
            return bytes
        } catch {
            throw StoreError(error)
        }
    }

    /// Reads the bytes at `location` without checking them (to quarantine a damaged line).
    func raw(at location: RecordLocation) throws -> [UInt8] {
        let handle = try handle(location.file)
        return try LineReader.read(fileSystem, handle, at: location.offset, length: Int(location.length))
    }

    /// Closes the handle of a file about to be deleted.
    func evict(_ file: FileID) {
        if let handle = handles.withLock({ $0.removeValue(forKey: file) }) { fileSystem.close(handle) }
    }

    /// Closes every handle.
    func closeAll() {
        let all = handles.withLock { handles in
            defer { handles.removeAll() }
            return Array(handles.values)
        }
        for handle in all { fileSystem.close(handle) }
    }
}
