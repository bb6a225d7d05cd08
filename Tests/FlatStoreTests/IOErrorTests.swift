import FlatStore
import Foundation
import Synchronization
import XCTest

/// The real disk with one failure injected at a chosen write, fsync or rename.
final class FaultyDisk: StoreFileSystem {
    let inner: PosixFileSystem
    private let fault = Mutex<(operation: String, code: Int32)?>(nil)
    private let blankFault = Mutex<Int32?>(nil)

    init(directory: String) {
        inner = PosixFileSystem(directory: directory)
    }

    /// Makes the next `operation` fail with `code`.
    func arm(_ operation: String, code: Int32) { fault.withLock { $0 = (operation, code) } }

    /// Makes the next write of newlines only (the log's blank space, never a line) fail with `code`.
    func armBlankSpace(code: Int32) { blankFault.withLock { $0 = code } }

    private func trip(_ operation: String) throws {
        let code: Int32? = fault.withLock { fault in
            guard let armed = fault, armed.operation == operation else { return nil }
            fault = nil
            return armed.code
        }
        if let code { throw FileSystemError(operation: operation, name: "injected", code: code) }
    }

    func prepareDirectory() throws { try inner.prepareDirectory() }
    func listFiles() throws -> [String] { try inner.listFiles() }
    func open(_ name: String, mode: FileOpenMode) throws -> StoreFileHandle { try inner.open(name, mode: mode) }
    func append(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer) throws {
        if fault.withLock({ $0?.operation == "write" }) {
            // A failing write may still have put part of the bytes on disk.
            try inner.append(handle, UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count / 2)]))
        }
        try trip("write")
        try inner.append(handle, bytes)
    }
    func write(_ handle: StoreFileHandle, _ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        if bytes.isBlankSpace, let code = blankFault.withLock({ $0.take() }) {
            try inner.write(handle, UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count / 2)]), at: offset)
            throw FileSystemError(operation: "write", name: "injected", code: code)
        }
        if fault.withLock({ $0?.operation == "write" }) {
            try inner.write(handle, UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count / 2)]), at: offset)
        }
        try trip("write")
        try inner.write(handle, bytes, at: offset)
    }
    func read(_ handle: StoreFileHandle, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        try inner.read(handle, into: buffer, at: offset)
    }
    func sync(_ handle: StoreFileHandle) throws {
        try trip("fsync")
        try inner.sync(handle)
    }
    func truncate(_ handle: StoreFileHandle, to size: UInt64) throws {
        try trip("truncate")
        try inner.truncate(handle, to: size)
    }
    func size(_ handle: StoreFileHandle) throws -> UInt64 { try inner.size(handle) }
    func close(_ handle: StoreFileHandle) { inner.close(handle) }
    func rename(_ from: String, to: String) throws {
        try trip("rename")
        try inner.rename(from, to: to)
    }
    func remove(_ name: String) throws { try inner.remove(name) }
    func syncDirectory() throws { try inner.syncDirectory() }
    func lock() throws -> any LockOwner { try inner.lock() }
    func isLinked(_ handle: StoreFileHandle) -> Bool { inner.isLinked(handle) }
    func freeBytes() -> UInt64? { inner.freeBytes() }
}

/// EIO and ENOSPC at each write, fsync and rename site: the store stops acknowledging (or, for a
/// compaction, keeps the previous files), never loses an acknowledged write, and recovers on reopen.
final class IOErrorTests: XCTestCase {
    func testInjectedFailuresNeverLoseAcknowledgedWrites() async throws {
        for operation in ["write", "fsync", "rename"] {
            for code in [Errno.io, Errno.noSpace] {
                try await runScenario(operation: operation, code: code)
            }
        }
    }

    private func runScenario(operation: String, code: Int32) async throws {
        let directory = temporaryDirectory("\(operation)\(code)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let disk = FaultyDisk(directory: directory)
        var options = testOptions(directory, fsync: .always)
        options.fileSystem = disk
        let store = try FlatStore.open(options, schema: .notes)
        var acked: Int64 = 0
        for number in Int64(1)...20 {
            try await store.write(PrefixWorkload.batch(writer: 0, number: number))
            acked = number
        }
        disk.arm(operation, code: code)
        if operation == "rename" {
            do {
                _ = try await store.compact()
                XCTFail("compaction should fail when rename fails")
            } catch {}
            XCTAssertTrue(store.statistics().writable, "a failed compaction must not stop writes")
            XCTAssertNotNil(store.statistics().maintenanceError)
            for number in (acked + 1)...(acked + 5) {
                try await store.write(PrefixWorkload.batch(writer: 0, number: number))
                acked = number
            }
        } else {
            do {
                try await store.write(PrefixWorkload.batch(writer: 0, number: acked + 1))
                XCTFail("\(operation) failure must not be acknowledged")
            } catch {}
            do {
                try await store.write(PrefixWorkload.batch(writer: 0, number: acked + 2))
                XCTFail("writes after a failure must be refused")
            } catch let error as StoreError {
                guard case .writesStopped = error else { return XCTFail("unexpected \(error)") }
            }
            XCTAssertFalse(store.statistics().writable)
        }
        store.closeBlocking()

        let reopened = try FlatStore.open(testOptions(directory, fsync: .always), schema: .notes)
        XCTAssertEqual(PrefixWorkload.problems(in: reopened, acked: [0: acked]), [], "\(operation) \(code)")
        try await reopened.write(PrefixWorkload.batch(writer: 0, number: acked + 10))
        XCTAssertTrue(reopened.statistics().writable)
        reopened.closeBlocking()
    }
}
