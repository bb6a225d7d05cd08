#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real disk: POSIX calls on files inside one directory.
public struct PosixFileSystem: StoreFileSystem {
    /// The directory, as the user gave it.
    public let directory: String

    /// Creates a file system rooted at `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private static var lastError: Int32 { errno }

    /// Creates the directory if needed, and makes a new directory's name durable in its parent.
    public func prepareDirectory() throws {
        if mkdir(directory, 0o755) != 0 {
            if errno == EEXIST { return }
            throw FileSystemError(operation: "mkdir", name: ".", code: errno)
        }
        try Self.syncParent(of: directory)
    }

    /// Removes the directory with the files in it (a store's directory holds no subdirectories);
    /// nothing happens when it does not exist.
    public func removeDirectory() throws {
        guard let names = try? listFiles() else { return }
        for name in names { try remove(name) }
        if rmdir(directory) != 0, errno != ENOENT { throw FileSystemError(operation: "rmdir", name: ".", code: errno) }
    }

    /// Renames the directory `from` to `to` (which must not exist or be empty), durably.
    public static func renameDirectory(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw FileSystemError(operation: "rename", name: "directory", code: errno) }
        try syncParent(of: to)
    }

    /// Swaps the directories `first` and `second` in one atomic step (`renameat2` with
    /// `RENAME_EXCHANGE`); false where the kernel or the file system cannot.
    static func exchangeDirectories(_ first: String, _ second: String) throws -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let exchange: UInt32 = 1 << 1
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, exchange) != 0 {
            if errno == EINVAL || errno == ENOSYS || errno == ENOTSUP { return false }
            throw FileSystemError(operation: "exchange", name: "directories", code: errno)
        }
        try syncParent(of: first)
        if parent(of: first) != parent(of: second) { try syncParent(of: second) }
        return true
    }

    /// The directory holding `path`.
    private static func parent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let parent = trimmed.lastIndex(of: "/").map { String(trimmed[..<$0]) } ?? "."
        return parent.isEmpty ? "/" : parent
    }

    /// `fsync` of the directory holding `path`, which makes its creation or renaming durable.
    private static func syncParent(of path: String) throws {
        let fd = Glibc.open(parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(operation: "open", name: "..", code: errno) }
        defer { _ = Glibc.close(fd) }
        if fsync(fd) != 0 { throw FileSystemError(operation: "fsync", name: "..", code: errno) }
    }

    /// Names of the files in the directory.
    public func listFiles() throws -> [String] {
        guard let dir = opendir(directory) else { throw FileSystemError(operation: "opendir", name: ".", code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Opens a file.
    public func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle {
        let flags: Int32
        switch mode {
        case .read: flags = O_RDONLY
        // No O_APPEND: Linux's pwrite appends on such a file whatever the offset, and the active
        // log is written in place over the blank space it grew ahead of its writes.
        case .appendOrCreate: flags = O_RDWR | O_CREAT
        case .createNew, .createNewPrivate: flags = O_RDWR | O_CREAT | O_EXCL
        }
        let fd = Glibc.open(path(name), flags | O_CLOEXEC, mode == .createNewPrivate ? 0o600 : 0o644)
        guard fd >= 0 else { throw FileSystemError(operation: "open", name: name, code: errno) }
        return StoreFileHandle(raw: fd)
    }

    /// Appends all of `bytes` at the file's end (each file has one writer).
    public func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws {
        try write(handle, bytes, at: size(handle))
    }

    /// Writes all of `bytes` at `offset`, retrying short writes and interrupts.
    public func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let written = pwrite(handle.raw, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(operation: "write", name: name(of: handle), code: errno)
            }
            done += written
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`.
    public func read(
        _ handle: StoreFileHandle,
        into buffer: UnsafeMutableRawBufferPointer,
        at offset: UInt64
    )
        throws -> Int
    {
        guard let base = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let count = pread(handle.raw, base + total, buffer.count - total, off_t(offset) + off_t(total))
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(operation: "read", name: name(of: handle), code: errno)
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// `fdatasync`, never retried: after a failure the page cache state is unknown.
    public func sync(_ handle: StoreFileHandle) throws {
        if fdatasync(handle.raw) != 0 {
            throw FileSystemError(operation: "fsync", name: name(of: handle), code: errno)
        }
    }

    /// Cuts the file to `size` bytes.
    public func truncate(_ handle: StoreFileHandle, to size: UInt64) throws {
        if ftruncate(handle.raw, off_t(size)) != 0 {
            throw FileSystemError(operation: "truncate", name: name(of: handle), code: errno)
        }
    }

    /// The file's size in bytes.
    public func size(_ handle: StoreFileHandle) throws -> UInt64 {
        var info = stat()
        guard fstat(handle.raw, &info) == 0 else {
            throw FileSystemError(operation: "stat", name: name(of: handle), code: errno)
        }
        return UInt64(info.st_size)
    }

    /// Closes the file.
    public func close(_ handle: StoreFileHandle) {
        _ = Glibc.close(handle.raw)
    }

    /// Renames within the directory.
    public func rename(_ from: String, to: String) throws {
        if Glibc.rename(path(from), path(to)) != 0 {
            throw FileSystemError(operation: "rename", name: from, code: errno)
        }
    }

    /// Deletes a file; a missing file is not an error.
    public func remove(_ name: String) throws {
        if unlink(path(name)) != 0, errno != ENOENT {
            throw FileSystemError(operation: "unlink", name: name, code: errno)
        }
    }

    /// `fsync` of the directory itself, which makes creations, renames and deletions durable.
    public func syncDirectory() throws {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(operation: "open", name: ".", code: errno) }
        defer { _ = Glibc.close(fd) }
        if fsync(fd) != 0 { throw FileSystemError(operation: "fsync", name: ".", code: errno) }
    }

    /// Takes an exclusive `flock` on the directory and on `LOCK` (which names the holder's pid),
    /// both released by the kernel if the process dies.
    ///
    /// The directory's own lock outlives a deleted `LOCK` (people delete "stale" lock files), which
    /// would otherwise let a second process write the same logs. A file system that cannot lock a
    /// directory (some network shares) keeps the `LOCK` file's lock alone; a read-only one, which
    /// no writer can use either, the directory's alone, so `verify` can check a snapshot.
    public func lock() throws -> any LockOwner {
        let directoryFD = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw FileSystemError(operation: "open", name: ".", code: errno) }
        if flock(directoryFD, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EWOULDBLOCK {
                _ = Glibc.close(directoryFD)
                throw FileSystemError(operation: "lock", name: ".", code: Errno.wouldBlock)
            }
        }
        let fd = Glibc.open(path("LOCK"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == EROFS { return PosixLock(fds: [directoryFD]) }
            _ = Glibc.close(directoryFD)
            throw FileSystemError(operation: "open", name: "LOCK", code: code)
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            _ = Glibc.close(fd)
            _ = Glibc.close(directoryFD)
            throw FileSystemError(operation: "lock", name: "LOCK", code: code == EWOULDBLOCK ? Errno.wouldBlock : code)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return PosixLock(fds: [fd, directoryFD])
    }

    /// Whether the file's link count is above zero (true when `fstat` cannot tell).
    public func isLinked(_ handle: StoreFileHandle) -> Bool {
        var info = stat()
        guard fstat(handle.raw, &info) == 0 else { return true }
        return info.st_nlink > 0
    }

    /// A hard link in `other`'s directory, when it is a directory on the same device.
    public func link(_ name: String, into other: any StoreFileSystem) -> Bool {
        guard let other = other as? PosixFileSystem else { return false }
        return Glibc.link(path(name), other.path(name)) == 0
    }

    /// Free bytes from `statvfs`.
    public func freeBytes() -> UInt64? {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    private func name(of handle: StoreFileHandle) -> String {
        // Error messages name the file without the machine's directory path.
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/fd/\(handle.raw)", &buffer, buffer.count - 1)
        guard count > 0 else { return "fd \(handle.raw)" }
        let full = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return full.split(separator: "/").last.map(String.init) ?? full
    }
}

/// Held `flock`s.
private struct PosixLock: LockOwner {
    let fds: [Int32]

    func release() {
        for fd in fds {
            _ = flock(fd, LOCK_UN)
            _ = Glibc.close(fd)
        }
    }
}
