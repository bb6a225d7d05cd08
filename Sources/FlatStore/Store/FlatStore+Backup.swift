import FoundationEssentials

/// What `FlatStore.backup` copied.
public struct BackupReport: Sendable {
    /// The files of the copy.
    public var files: [String] = []
    /// How many of them are hard links to the source's (closed files on the same file system).
    public var linked = 0
    /// Bytes copied (the files that could not be linked).
    public var copiedBytes: UInt64 = 0
    /// How many times the copy started over because the source changed under it.
    public var retries = 0
}

extension FlatStore {
    /// `backup(_:to:)` into a new directory at `path`, published only once complete: the copy is
    /// made in `<path>.partial` and renamed to `path` at the end (durably), so an interrupted backup
    /// never leaves a directory that looks like a whole store. A `.partial` left by a crash can go.
    @discardableResult
    public static func backup(_ source: StoreOptions, toDirectory path: String) throws -> BackupReport {
        if let existing = try? PosixFileSystem(directory: path).listFiles(), !existing.isEmpty {
            throw StoreError.io(FileSystemError(operation: "backup to", name: path, code: Errno.exists))
        }
        let partial = path + ".partial"
        // One a crashed run left is not ours to delete now: the copy below refuses it.
        if let leftover = try? PosixFileSystem(directory: partial).listFiles(), !leftover.isEmpty {
            throw StoreError.io(FileSystemError(operation: "backup into", name: partial, code: Errno.exists))
        }
        do {
            let report = try backup(source, to: StoreOptions(directory: partial))
            try PosixFileSystem.renameDirectory(partial, to: path)
            return report
        } catch {
            // Half a copy helps no one, and on a full disk it keeps the disk full.
            try? PosixFileSystem(directory: partial).removeDirectory()
            throw StoreError(error)
        }
    }

    /// Copies the store in `source` into `target` (a new or empty directory), holding every write
    /// acknowledged before the call — whether or not a server is using the source meanwhile.
    ///
    /// Only the live files are taken: the base, the logs after it, the newest snapshot and the
    /// quarantine. Files that never change again are hard-linked when the target is on the same
    /// file system (instant at any size) and copied otherwise; the log being written to is copied
    /// up to its last line, not into the blank space that writes go on filling meanwhile (a torn
    /// last line is cut when the copy is opened). Everything is flushed, and the copy's files are
    /// checked to form one chain; if the source changed under the copy (a file replaced by a
    /// compaction vanished), it starts over.
    @discardableResult
    public static func backup(_ source: StoreOptions, to target: StoreOptions) throws -> BackupReport {
        let from = source.resolvedFileSystem
        let to = target.resolvedFileSystem
        try to.prepareDirectory()
        guard try to.listFiles().isEmpty else {
            throw StoreError.io(FileSystemError(operation: "backup into", name: target.directory, code: Errno.exists))
        }
        var report = BackupReport()
        while true {
            let directory = DataDirectory(try from.listFiles())
            let logs = directory.liveLogs
            var names = directory.liveFiles.map(directory.copyName)
            for extra in [DataFileName.quarantine] + source.sidecars.sorted() where directory.names.contains(extra) {
                names.append(extra)
            }
            do {
                // The newest snapshot makes opening the copy fast; one replaced meanwhile is not
                // needed (the copy then replays its log).
                if let snapshot = directory.snapshots.first(where: { $0.file > directory.base }) {
                    do {
                        if from.link(snapshot.name, into: to) {
                            report.linked += 1
                        } else {
                            report.copiedBytes += try copy(snapshot.name, from: from, to: to)
                        }
                        report.files.append(snapshot.name)
                    } catch let error as FileSystemError where error.code == Errno.noEntry {
                        try? to.remove(snapshot.name)
                    }
                }
                for name in names {
                    // The newest log, the quarantine and sidecars still change: copy what is there now.
                    let sealed = DataFileName.dataFile(name) != nil || DataFileName.compressedDataFile(name) != nil
                    let growing = name == logs.last?.name || !sealed
                    if !growing, from.link(name, into: to) {
                        report.linked += 1
                    } else {
                        report.copiedBytes += try copy(name, from: from, to: to, toLastLine: name == logs.last?.name)
                    }
                }
                try to.syncDirectory()
                let copied = DataDirectory(try to.listFiles())
                if try copied.checkChain(to).missing.isEmpty {
                    report.files += names
                    return report
                }
            } catch let error as FileSystemError where error.code == Errno.noEntry {
                // Replaced while we copied (only possible past the retention period): start over.
            }
            guard report.retries < 5 else {
                throw StoreError.io(FileSystemError(operation: "backup", name: source.directory, code: Errno.noEntry))
            }
            report = BackupReport(retries: report.retries + 1)
            for name in try to.listFiles() { try to.remove(name) }
        }
    }

    /// Copies one file's bytes, flushed; returns how many. `toLastLine`: only up to the end of its
    /// last line that is not blank. Bytes before it never change, while commits may be landing in
    /// the blank space after it, and a copy that read past it could hold a later one without an
    /// earlier one.
    private static func copy(
        _ name: String,
        from: any StoreFileSystem,
        to: any StoreFileSystem,
        toLastLine: Bool = false
    ) throws -> UInt64 {
        let input = try from.open(name, mode: .read)
        defer { from.close(input) }
        let output = try to.open(name, mode: .createNew)
        defer { to.close(output) }
        let size = try toLastLine ? LineReader(fileSystem: from, handle: input).endOfLastLine() : from.size(input)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: UInt64 = 0
        while offset < size {
            let count = try buffer.withUnsafeMutableBytes { raw in
                try from.read(input, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<Int(min(UInt64(raw.count), size - offset))]), at: offset)
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { raw in try to.append(output, UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
            offset += UInt64(count)
        }
        try to.sync(output)
        return offset
    }
}
