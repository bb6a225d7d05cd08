import FlatStore

/// Backup archives as files: written from a copy of the data directory, read back for a restore.
enum ArchiveFile {
    /// Whether `path` names an archive rather than a directory.
    static func isArchive(_ path: String) -> Bool { path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") }

    /// Archives the files of `directory` into the new file `path` (written as `<path>.partial`,
    /// flushed, then renamed, so an interrupted backup never leaves a file that looks whole);
    /// `privateFiles` are marked readable by their owner alone.
    static func write(from directory: String, to path: String, modified: Int64, privateFiles: Set<String>) async throws {
        let source = PosixFileSystem(directory: directory)
        let (folder, name) = split(path)
        let target = PosixFileSystem(directory: folder)
        if let existing = try? target.open(name, mode: .read) {
            target.close(existing)
            throw StoreError.io(FileSystemError(operation: "write the archive", name: path, code: Errno.exists))
        }
        let partial = name + ".partial"
        try? target.remove(partial)
        // The archive holds the secrets' key beside the sealed secrets: readable by its owner
        // alone, as the key is in the data directory, whatever the umask.
        let output = try target.open(partial, mode: .createNewPrivate)
        var sources: [DataArchive.Source] = []
        var handles: [StoreFileHandle] = []
        defer { for handle in handles { source.close(handle) } }
        do {
            for file in try source.listFiles() {
                let handle = try source.open(file, mode: .read)
                handles.append(handle)
                sources.append(
                    DataArchive.Source(name: file, length: try source.size(handle), isPrivate: privateFiles.contains(file)) { offset, buffer in
                        try source.read(handle, into: buffer, at: offset)
                    }
                )
            }
            try await DataArchive.write(sources, modified: modified) { bytes in
                try bytes.withUnsafeBytes { try target.append(output, $0) }
            }
            try target.sync(output)
            target.close(output)
        } catch {
            target.close(output)
            try? target.remove(partial)
            throw error
        }
        try target.rename(partial, to: name)
        try target.syncDirectory()
    }

    /// The bytes of the file `path`, read in pieces of 1 MiB as they are asked for.
    static func chunks(of path: String) throws -> Chunks {
        let (folder, name) = split(path)
        let fileSystem = PosixFileSystem(directory: folder)
        let handle = try fileSystem.open(name, mode: .read)
        return Chunks(fileSystem: fileSystem, handle: handle, size: try fileSystem.size(handle))
    }

    /// A file's bytes as an asynchronous sequence of pieces; the file is closed at its end.
    struct Chunks: AsyncSequence, AsyncIteratorProtocol {
        let fileSystem: PosixFileSystem
        let handle: StoreFileHandle
        let size: UInt64
        var offset: UInt64 = 0

        mutating func next() async throws -> [UInt8]? {
            guard offset < size else {
                fileSystem.close(handle)
                return nil
            }
            var buffer = [UInt8](repeating: 0, count: Int(Swift.min(1 << 20, size - offset)))
            let count = try buffer.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: offset) }
            guard count > 0 else {
                fileSystem.close(handle)
                return nil
            }
            offset += UInt64(count)
            return Array(buffer[0..<count])
        }

        func makeAsyncIterator() -> Chunks { self }
    }

    /// The folder and the name of a file path.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
