import FlatStore
import Foundation

/// An in-memory disk beneath the store that records every operation it is asked for (so a
/// `PersistenceModel` can rebuild what a power cut at any point could leave behind) and can fail
/// the n-th call of any kind of operation (fault injection).
final class MemoryDisk: StoreFileSystem, @unchecked Sendable {
    /// The kinds of calls a fault can be injected at.
    enum Call: String, CaseIterable, Sendable {
        case create, write, sync, truncate, rename, remove, syncDirectory, list, read
    }

    /// One recorded operation. Inodes are numbered; names map to them.
    enum Event: Sendable {
        case create(name: String, inode: Int)
        case write(inode: Int, offset: Int, bytes: [UInt8])
        case truncate(inode: Int, size: Int)
        case sync(inode: Int)
        case rename(from: String, to: String)
        case remove(name: String)
        case syncDirectory
        /// A note from the workload: batch `batch` was acknowledged.
        case acknowledged(batch: Int)
        /// A note from the workload: writing version `version` of the sidecar file begins.
        case sidecarWriting(version: Int)
        /// A note from the workload: version `version` of the sidecar file was written.
        case sidecarWritten(version: Int)
    }

    private final class Inode {
        let id: Int
        var bytes: [UInt8] = []
        init(id: Int) { self.id = id }
    }

    private let mutex = NSLock()
    private var names: [String: Inode] = [:]
    private var handles: [Int32: Inode] = [:]
    private var nextHandle: Int32 = 3
    private var nextInode = 0
    private var events: [Event] = []
    private var calls: [Call: Int] = [:]
    private var fault: (call: Call, number: Int, code: Int32)?
    private var failedBlank = false
    private var hooks: (beforeCall: (@Sendable (Call, String) -> Void)?, onEvent: (@Sendable (MemoryDisk, Event) -> Void)?)
    /// Called before every call, with its kind and the file name it concerns (outside the disk's
    /// lock), so a test can act at an exact moment inside the store's work.
    var beforeCall: (@Sendable (Call, String) -> Void)? {
        get { locked { hooks.beforeCall } }
        set { locked { hooks.beforeCall = newValue } }
    }
    /// Called after every recorded event (outside the disk's lock).
    var onEvent: (@Sendable (MemoryDisk, Event) -> Void)? {
        get { locked { hooks.onEvent } }
        set { locked { hooks.onEvent = newValue } }
    }
    /// Whether events are recorded.
    var recording = true

    /// A disk holding `files`, all durable; the trace starts empty. `inodes` numbers them (so the
    /// trace can continue a `PersistenceModel` that already knows them); by default 0, 1, 2, ….
    init(files: [String: [UInt8]] = [:], inodes: [String: Int]? = nil) {
        var shared: [Int: Inode] = [:]
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let id = inodes?[name] ?? nextInode
            let inode = shared[id] ?? Inode(id: id)
            shared[id] = inode
            nextInode = max(nextInode, id + 1)
            inode.bytes = bytes
            names[name] = inode
        }
    }

    /// The files as the disk holds them now (what a restarted process would see without a power cut).
    var files: [String: [UInt8]] {
        locked { names.mapValues(\.bytes) }
    }

    /// Inode numbers of the files as given to `init`, so a model can start from them.
    var initialInodes: [String: Int] { locked { names.mapValues(\.id) } }

    /// The operations recorded so far.
    var trace: [Event] { locked { events } }

    /// How many calls of each kind were made.
    var callCounts: [Call: Int] { locked { calls } }

    /// Makes the `number`-th call of `call` (counted from now) fail with `code` (EIO by default).
    func failCall(_ call: Call, number: Int, code: Int32 = Errno.io) {
        locked {
            calls[call] = 0
            fault = (call, number, code)
        }
    }

    /// Whether the write a fault failed was a piece of a log's blank space.
    var failedWriteWasBlank: Bool { locked { failedBlank } }

    /// Records a workload note in the trace.
    func note(_ event: Event) { record(event) }

    // MARK: StoreFileSystem

    func prepareDirectory() throws {}

    func listFiles() throws -> [String] {
        beforeCall?(.list, ".")
        return try locked {
            try count(.list)
            return names.keys.sorted()
        }
    }

    func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle {
        if mode != .read { beforeCall?(.create, name) }
        var created: Event?
        let handle: StoreFileHandle = try locked {
            let inode: Inode
            switch mode {
            case .read:
                guard let existing = names[name] else { throw FileSystemError(operation: "open", name: name, code: Errno.noEntry) }
                inode = existing
            case .appendOrCreate, .createNew, .createNewPrivate:
                if let existing = names[name] {
                    guard mode == .appendOrCreate else { throw FileSystemError(operation: "open", name: name, code: Errno.exists) }
                    inode = existing
                } else {
                    try count(.create)
                    inode = Inode(id: nextInode)
                    nextInode += 1
                    names[name] = inode
                    created = .create(name: name, inode: inode.id)
                }
            }
            nextHandle += 1
            handles[nextHandle] = inode
            return StoreFileHandle(raw: nextHandle)
        }
        if let created { record(created) }
        return handle
    }

    func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws {
        try write(handle, bytes, at: nil)
    }

    func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        try write(handle, bytes, at: Int(offset))
    }

    /// Writes at `offset`, or at the end when it is nil.
    private func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: Int?) throws {
        var event: Event?
        defer { if let event { record(event) } }
        try locked {
            let inode = try self.inode(handle)
            let offset = offset ?? inode.bytes.count
            func put(_ written: [UInt8]) {
                if inode.bytes.count < offset { inode.bytes += [UInt8](repeating: 0, count: offset - inode.bytes.count) }
                let overlap = min(written.count, inode.bytes.count - offset)
                inode.bytes.replaceSubrange(offset..<(offset + overlap), with: written.prefix(overlap))
                inode.bytes += written.dropFirst(overlap)
                if !written.isEmpty { event = .write(inode: inode.id, offset: offset, bytes: written) }
            }
            do {
                try count(.write)
            } catch {
                // A failing write may still have put part of its bytes into the file.
                put(Array(bytes.prefix(bytes.count / 2)))
                failedBlank = bytes.isBlankSpace
                throw error
            }
            put(Array(bytes))
        }
    }

    func read(_ handle: StoreFileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        try locked {
            try count(.read)
            let bytes = try inode(handle).bytes
            guard offset < bytes.count else { return 0 }
            let count = min(buffer.count, bytes.count - Int(offset))
            bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + count)]))
            }
            return count
        }
    }

    func sync(_ handle: StoreFileHandle) throws {
        let id: Int = try locked {
            try count(.sync)
            return try inode(handle).id
        }
        record(.sync(inode: id))
    }

    func truncate(_ handle: StoreFileHandle, to size: UInt64) throws {
        let id: Int = try locked {
            try count(.truncate)
            let inode = try inode(handle)
            if Int(size) <= inode.bytes.count {
                inode.bytes.removeSubrange(Int(size)...)
            } else {
                inode.bytes += [UInt8](repeating: 0, count: Int(size) - inode.bytes.count)
            }
            return inode.id
        }
        record(.truncate(inode: id, size: Int(size)))
    }

    func size(_ handle: StoreFileHandle) throws -> UInt64 {
        try locked { UInt64(try inode(handle).bytes.count) }
    }

    func close(_ handle: StoreFileHandle) {
        locked { handles[handle.raw] = nil }
    }

    func rename(_ from: String, to: String) throws {
        beforeCall?(.rename, from)
        try locked {
            try count(.rename)
            guard let inode = names.removeValue(forKey: from) else {
                throw FileSystemError(operation: "rename", name: from, code: Errno.noEntry)
            }
            names[to] = inode
        }
        record(.rename(from: from, to: to))
    }

    func remove(_ name: String) throws {
        beforeCall?(.remove, name)
        let existed: Bool = try locked {
            try count(.remove)
            return names.removeValue(forKey: name) != nil
        }
        if existed { record(.remove(name: name)) }
    }

    func syncDirectory() throws {
        try locked { try count(.syncDirectory) }
        record(.syncDirectory)
    }

    func lock() throws -> any LockOwner { NoLock() }

    func isLinked(_ handle: StoreFileHandle) -> Bool {
        locked {
            guard let inode = handles[handle.raw] else { return true }
            return names.values.contains { $0 === inode }
        }
    }

    func freeBytes() -> UInt64? { nil }

    // MARK: Internals

    private func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    private func inode(_ handle: StoreFileHandle) throws -> Inode {
        guard let inode = handles[handle.raw] else { throw FileSystemError(operation: "handle", name: "?", code: 9) }
        return inode
    }

    /// Counts a call (under the lock) and throws the injected fault when it is due.
    private func count(_ call: Call) throws {
        calls[call, default: 0] += 1
        if let fault, fault.call == call, calls[call] == fault.number {
            self.fault = nil
            throw FileSystemError(operation: call.rawValue, name: "injected", code: fault.code)
        }
    }

    private func record(_ event: Event) {
        let notify: Bool = locked {
            guard recording else { return false }
            events.append(event)
            return true
        }
        if notify { onEvent?(self, event) }
    }

    private struct NoLock: LockOwner {
        func release() {}
    }
}
