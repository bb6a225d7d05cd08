/// An open file of a `StoreFileSystem`.
public struct StoreFileHandle: Sendable, Hashable {
    /// The implementation's identifier for the open file (a descriptor for the POSIX one).
    public let raw: Int32

    /// Wraps an implementation-defined identifier.
    public init(raw: Int32) { self.raw = raw }
}

/// How a file is opened.
public enum FileOpenMode: Sendable {
    /// Read only; the file must exist.
    case read
    /// Read and write; created (empty) if missing. Writes go where `append` or `write(_:_:at:)`
    /// puts them (no `O_APPEND`), so a file has one writer at a time.
    case appendOrCreate
    /// Read and write a new file; fails if it exists.
    case createNew
    /// Like `createNew`, readable and writable by the owner alone (mode 0600).
    case createNewPrivate
}

/// An I/O failure with the operation, the file name within the data directory, and `errno`.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    /// The failed operation (`open`, `write`, `fsync`, …).
    public let operation: String
    /// The file name relative to the data directory.
    public let name: String
    /// The system error number.
    public let code: Int32

    /// Creates an error.
    public init(operation: String, name: String, code: Int32) {
        self.operation = operation
        self.name = name
        self.code = code
    }

    /// A one-line description without absolute paths.
    public var description: String { "\(operation) \(name) failed: \(Errno.describe(code))" }

    /// Whether the disk refused the operation for want of space (`ENOSPC`, or `EDQUOT` on a disk
    /// with quotas): freeing space, not retrying, is what helps.
    public var isOutOfSpace: Bool { code == Errno.noSpace || code == Errno.quotaExceeded }
}

/// Everything FlatStore does to disk, so tests can put a simulated disk (power loss) or a
/// failing one (I/O errors) beneath the store. Paths are file names inside one directory.
public protocol StoreFileSystem: Sendable {
    /// Creates the directory if needed, durably (a new directory's parent is synced too).
    func prepareDirectory() throws
    /// Names of the files in the directory.
    func listFiles() throws -> [String]
    /// Opens a file.
    func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle
    /// Appends `bytes` at the end of the file; a short write is an error.
    func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws
    /// Writes `bytes` at `offset`, over what is there and past the end; a short write is an error.
    func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read.
    func read(
        _ handle: StoreFileHandle,
        into buffer: UnsafeMutableRawBufferPointer,
        at offset: UInt64
    )
        throws -> Int
    /// Makes the file's data durable (`fdatasync`).
    func sync(_ handle: StoreFileHandle) throws
    /// Cuts the file to `size` bytes.
    func truncate(_ handle: StoreFileHandle, to size: UInt64) throws
    /// The file's size in bytes.
    func size(_ handle: StoreFileHandle) throws -> UInt64
    /// Closes the file.
    func close(_ handle: StoreFileHandle)
    /// Renames a file within the directory, replacing the target.
    func rename(_ from: String, to: String) throws
    /// Deletes a file.
    func remove(_ name: String) throws
    /// Makes creations, renames and deletions in the directory durable.
    func syncDirectory() throws
    /// Takes the directory's exclusive lock; throws `EWOULDBLOCK` when another process holds it.
    func lock() throws -> any LockOwner
    /// Whether the open file still has a name in the directory. A file deleted under the store
    /// (the directory removed, the logs cleared by hand) still takes writes and flushes, which no
    /// restart finds; the store stops acknowledging instead.
    func isLinked(_ handle: StoreFileHandle) -> Bool
    /// Bytes free on the directory's file system, if known.
    func freeBytes() -> UInt64?
    /// Makes `name` appear in `other`'s directory too, as a hard link; false when it cannot (another
    /// kind of file system, another device), and the caller copies instead.
    func link(_ name: String, into other: any StoreFileSystem) -> Bool
}

extension StoreFileSystem {
    /// File systems that cannot share files with another directory never link.
    public func link(_ name: String, into other: any StoreFileSystem) -> Bool { false }
}

/// Holds a directory lock until released.
public protocol LockOwner: Sendable {
    /// Releases the lock.
    func release()
}

/// Error numbers FlatStore cares about, named without Glibc in public signatures.
public enum Errno {
    /// Another process holds the lock.
    public static let wouldBlock: Int32 = 11
    /// The file exists.
    public static let exists: Int32 = 17
    /// The file does not exist.
    public static let noEntry: Int32 = 2
    /// An I/O error.
    public static let io: Int32 = 5
    /// No space left on the device.
    public static let noSpace: Int32 = 28
    /// The disk quota is exceeded.
    public static let quotaExceeded: Int32 = 122

    /// A short human description of an error number.
    public static func describe(_ code: Int32) -> String {
        switch code {
        case noEntry: "no such file"
        case exists: "file exists"
        case io: "input/output error"
        case noSpace: "no space left on device"
        case wouldBlock: "locked by another process"
        case 13: "permission denied"
        case 20: "not a directory"
        case 21: "is a directory"
        case 30: "read-only file system"
        case quotaExceeded: "disk quota exceeded"
        case 39: "directory not empty"
        default: "error \(code)"
        }
    }
}
