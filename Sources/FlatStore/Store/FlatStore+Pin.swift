import Synchronization

/// The store's files frozen for reading at one instant, while the store goes on writing,
/// snapshotting and compacting: everything acknowledged before `FlatStore.pinFiles()` is in it.
///
/// Files that never change again are held open (an open file stays readable after a compaction
/// deletes it); the log being appended to is read only up to where it stood; small files that
/// are replaced whole (the quarantine, sidecars, the README) are copied when pinned.
public final class PinnedFiles: Sendable {
    /// One file of the set.
    public struct File: Sendable {
        /// Its name in the data directory.
        public let name: String
        /// How many of its bytes belong to the set.
        public let length: UInt64
        /// Whether only its owner may read it (a private sidecar).
        public let isPrivate: Bool
        let handle: StoreFileHandle?
        let contents: [UInt8]?
    }

    /// The files, in the order a copy should write them.
    public let files: [File]
    private let fileSystem: any StoreFileSystem
    private let released = Mutex(false)

    init(files: [File], fileSystem: any StoreFileSystem) {
        self.files = files
        self.fileSystem = fileSystem
    }

    /// Reads up to `buffer.count` bytes of `file` at `offset` (never past its pinned length).
    public func read(_ file: File, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        guard offset < file.length else { return 0 }
        let count = Int(min(UInt64(buffer.count), file.length - offset))
        if let contents = file.contents {
            contents.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + count)]))
            }
            return count
        }
        guard let handle = file.handle else { return 0 }
        do {
            return try fileSystem.read(handle, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]), at: offset)
        } catch {
            throw StoreError(error)
        }
    }

    /// Closes the files; the set cannot be read afterwards.
    public func release() {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        for file in files { if let handle = file.handle { fileSystem.close(handle) } }
    }

    deinit { release() }
}

extension FlatStore {
    /// Freezes the live files for reading (a backup archive streamed while the store runs): the
    /// base, the logs after it (the active one as far as it is written), the snapshot in use, and
    /// copies of the quarantine, the sidecars and the README. Call `release()` when done.
    public func pinFiles() async throws -> PinnedFiles {
        try await onMaintenanceThread {
            // Under the maintenance lock no compaction or deletion runs between listing and opening.
            try self.maintenance.exclusively { () throws -> PinnedFiles in
                try self.committer.submitAndWait(.sync)
                let applied = self.state.withLock { $0.applied }
                let directory = DataDirectory(try self.fileSystem.listFiles())
                let inUse = self.status.withLock { $0.snapshot?.name }
                var files: [PinnedFiles.File] = []
                do {
                    for file in directory.liveFiles {
                        let name = directory.copyName(file)
                        let handle = try self.fileSystem.open(name, mode: .read)
                        let size = try self.fileSystem.size(handle)
                        let length = file == .log(applied.file) ? min(applied.offset, size) : size
                        files.append(.init(name: name, length: length, isPrivate: false, handle: handle, contents: nil))
                    }
                    if let inUse, directory.names.contains(inUse) {
                        let handle = try self.fileSystem.open(inUse, mode: .read)
                        files.append(.init(name: inUse, length: try self.fileSystem.size(handle), isPrivate: false, handle: handle, contents: nil))
                    }
                    for name in [DataFileName.quarantine, DataFileName.readme] + self.options.sidecars.sorted()
                    where directory.names.contains(name) {
                        let handle = try self.fileSystem.open(name, mode: .read)
                        defer { self.fileSystem.close(handle) }
                        let contents = try LineReader.read(self.fileSystem, handle, at: 0, length: Int(try self.fileSystem.size(handle)))
                        let isPrivate = self.options.sidecars.contains(name)
                        files.append(
                            .init(name: name, length: UInt64(contents.count), isPrivate: isPrivate, handle: nil, contents: contents)
                        )
                    }
                } catch {
                    for file in files { if let handle = file.handle { self.fileSystem.close(handle) } }
                    throw error
                }
                return PinnedFiles(files: files, fileSystem: self.fileSystem)
            }
        }
    }
}
