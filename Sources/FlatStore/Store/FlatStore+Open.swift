import FoundationEssentials
import Logging
import Synchronization

extension FlatStore {
    /// Opens (or creates) the store in `options.directory`, recovering from any crash.
    ///
    /// Takes the directory lock, then `Recovery` removes leftover temporary files, checks that no
    /// file is missing, loads the newest usable snapshot (or replays everything), quarantines damaged
    /// lines while keeping every later valid record, and cuts a torn tail off the newest log.
    public static func open(_ options: StoreOptions, schema: StoreSchema = StoreSchema()) throws -> FlatStore {
        let started = ContinuousClock.now
        let fileSystem = options.resolvedFileSystem
        let logger = options.logger
        try fileSystem.prepareDirectory()
        let lock: any LockOwner
        do {
            lock = try fileSystem.lock()
        } catch let error as FileSystemError where error.code == Errno.wouldBlock {
            throw StoreError.locked(directory: options.directory, holder: lockHolder(fileSystem))
        }
        do {
            var recovered = try Recovery(options: options, fileSystem: fileSystem, schema: schema).run()
            try DataDirectoryReadme.write(fileSystem, options: options)
            recovered.report.milliseconds = (ContinuousClock.now - started).milliseconds
            // Loading left the parsing thread's freed blocks in its arena: give them back.
            FreedMemory.release()
            let state = recovered.state
            state.lastSequence = max(state.lastSequence, recovered.active.nextSequence - 1)
            let sharedState = Locked(state)
            let status = Locked(
                StoreStatus(
                    base: recovered.base,
                    snapshot: recovered.snapshot,
                    recovery: recovered.report,
                    quarantine: recovered.quarantine,
                    snapshotReplay: recovered.snapshotReplay,
                    // An open that loaded a snapshot did not read what it covers: the scrub will.
                    scrubDue: recovered.snapshot != nil,
                    lastScrub: recovered.snapshot == nil ? .now : nil
                )
            )
            let committer = Committer(
                fileSystem: fileSystem,
                options: options,
                state: sharedState,
                active: recovered.active
            )
            let store = FlatStore(
                options: options,
                fileSystem: fileSystem,
                state: sharedState,
                committer: committer,
                status: status,
                lock: lock
            )
            logger.info(
                "store opened",
                metadata: [
                    "records": "\(sharedState.withLock { $0.recordCount })",
                    "snapshot": "\(recovered.report.snapshot ?? "none")",
                    "replayedBytes": "\(recovered.report.replayedBytes)", "ms": "\(Int(recovered.report.milliseconds))",
                ]
            )
            if options.backgroundMaintenance { store.startMaintenance() }
            return store
        } catch {
            lock.release()
            throw error
        }
    }

    private static func lockHolder(_ fileSystem: any StoreFileSystem) -> String? {
        guard let handle = try? fileSystem.open(DataFileName.lock, mode: .read) else { return nil }
        defer { fileSystem.close(handle) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = (try? bytes.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: 0) }) ?? 0
        let digits = String(decoding: bytes[0..<count].filter { (0x30...0x39).contains($0) }, as: UTF8.self)
        return digits.isEmpty ? nil : digits
    }
}
