import FlatStore
import Foundation
import Synchronization

/// An in-memory disk that remembers what was made durable, so a test can take the image a power
/// cut would leave at any flush point: unsynced bytes dropped, torn, zero-filled or garbled, and
/// unsynced creations, renames and deletions lost.
final class SimulatedDisk: StoreFileSystem, @unchecked Sendable {
    /// How the unsynced tail of each file looks after the cut.
    enum Cut: CaseIterable {
        case dropUnsynced
        case keepRandomPrefix
        case zeroFillTail
        case garbleTail
    }

    final class Node {
        var durable: [UInt8] = []
        var current: [UInt8] = []
    }

    private let mutex = NSLock()
    private var names: [String: Node] = [:]
    private var durableNames: [String: Node] = [:]
    private var handles: [Int32: Node] = [:]
    private var nextHandle: Int32 = 3
    /// Called at every flush point, before the flush takes effect.
    var onFlush: (@Sendable (SimulatedDisk) -> Void)?

    init() {}

    /// A disk holding exactly `files`, all durable.
    init(files: [String: [UInt8]]) {
        for (name, bytes) in files {
            let node = Node()
            node.durable = bytes
            node.current = bytes
            names[name] = node
            durableNames[name] = node
        }
    }

    /// The files a power cut now would leave, with each file's unsynced tail treated per `cut`.
    func crashImage(_ cut: Cut, random: inout some RandomNumberGenerator) -> [String: [UInt8]] {
        mutex.lock()
        defer { mutex.unlock() }
        var image: [String: [UInt8]] = [:]
        for (name, node) in durableNames {
            var bytes = node.durable
            let pending = node.current.count > node.durable.count ? Array(node.current[node.durable.count...]) : []
            if !pending.isEmpty, node.current.starts(with: node.durable) {
                let kept = Int.random(in: 0...pending.count, using: &random)
                switch cut {
                case .dropUnsynced: break
                case .keepRandomPrefix: bytes += pending[0..<kept]
                case .zeroFillTail: bytes += pending[0..<kept] + [UInt8](repeating: 0, count: pending.count - kept)
                case .garbleTail:
                    bytes += pending[0..<kept]
                    bytes += (0..<min(pending.count - kept, 64)).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
            }
            image[name] = bytes
        }
        return image
    }

    private func node(_ handle: StoreFileHandle) throws -> Node {
        guard let node = handles[handle.raw] else { throw FileSystemError(operation: "handle", name: "?", code: 9) }
        return node
    }

    func prepareDirectory() throws {}

    func listFiles() throws -> [String] {
        mutex.lock()
        defer { mutex.unlock() }
        return names.keys.sorted()
    }

    func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle {
        mutex.lock()
        defer { mutex.unlock() }
        let node: Node
        switch mode {
        case .read:
            guard let existing = names[name] else { throw FileSystemError(operation: "open", name: name, code: Errno.noEntry) }
            node = existing
        case .appendOrCreate:
            node = names[name] ?? Node()
            names[name] = node
        case .createNew:
            guard names[name] == nil else { throw FileSystemError(operation: "open", name: name, code: Errno.exists) }
            node = Node()
            names[name] = node
        }
        nextHandle += 1
        handles[nextHandle] = node
        return StoreFileHandle(raw: nextHandle)
    }

    func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws {
        mutex.lock()
        defer { mutex.unlock() }
        try node(handle).current.append(contentsOf: bytes)
    }

    func read(_ handle: StoreFileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        mutex.lock()
        defer { mutex.unlock() }
        let bytes = try node(handle).current
        guard offset < bytes.count else { return 0 }
        let count = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + count)]))
        }
        return count
    }

    func sync(_ handle: StoreFileHandle) throws {
        onFlush?(self)
        mutex.lock()
        defer { mutex.unlock() }
        let node = try node(handle)
        node.durable = node.current
    }

    func truncate(_ handle: StoreFileHandle, to size: UInt64) throws {
        mutex.lock()
        defer { mutex.unlock() }
        let node = try node(handle)
        node.current = Array(node.current.prefix(Int(size)))
    }

    func size(_ handle: StoreFileHandle) throws -> UInt64 {
        mutex.lock()
        defer { mutex.unlock() }
        return UInt64(try node(handle).current.count)
    }

    func close(_ handle: StoreFileHandle) {
        mutex.lock()
        defer { mutex.unlock() }
        handles[handle.raw] = nil
    }

    func rename(_ from: String, to: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        guard let node = names.removeValue(forKey: from) else {
            throw FileSystemError(operation: "rename", name: from, code: Errno.noEntry)
        }
        names[to] = node
    }

    func remove(_ name: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        names[name] = nil
    }

    func syncDirectory() throws {
        onFlush?(self)
        mutex.lock()
        defer { mutex.unlock() }
        durableNames = names
    }

    func lock() throws -> any LockOwner { NoLock() }

    func freeBytes() -> UInt64? { nil }

    private struct NoLock: LockOwner {
        func release() {}
    }
}
