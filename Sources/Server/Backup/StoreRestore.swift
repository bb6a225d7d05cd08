import FlatStore
import FoundationEssentials
import NIOPosix
import Synchronization

/// Restores a data directory from a backup archive: unpacks it beside the data directory, checks it
/// completely — every line's checksum and the chain of files (`verify`), then a trial open — and
/// only then puts it in place of the current store, which is kept as `<data>.before-restore-<time>`.
/// Nothing is replaced when any step fails, and the unpacked copy is removed.
final class StoreRestore: Sendable {
    /// The data directory to restore.
    let options: StoreOptions
    /// The most bytes an archive may unpack to.
    let limit: UInt64
    private let inProgress = Mutex(false)

    init(options: StoreOptions, limit: UInt64) {
        self.options = options
        self.limit = limit
    }

    /// Another restore is under way.
    struct Busy: Error {}

    /// Runs `body` unless another restore runs (then throws `Busy`).
    func exclusively<Result>(_ body: () async throws -> Result) async throws -> Result {
        let started = inProgress.withLock { running in
            defer { running = true }
            return !running
        }
        guard started else { throw Busy() }
        defer { inProgress.withLock { $0 = false } }
        return try await body()
    }

    /// A checked archive waiting to be put in place.
    struct Staged: Sendable {
        /// Where it was unpacked.
        let directory: String
        /// The files it holds.
        let files: [String]
        /// Its records per collection.
        let records: [String: Int]
    }

    /// Unpacks the archive whose compressed bytes `chunks` yields and checks it.
    func stage<Chunks: AsyncSequence>(_ chunks: Chunks, stamp: String) async throws -> Staged where Chunks.Element == [UInt8] {
        let directory = Self.unused(options.directory + ".restoring-" + stamp)
        do {
            var target = StoreOptions(directory: directory)
            target.sidecars = options.sidecars
            let fileSystem = PosixFileSystem(directory: directory)
            try fileSystem.prepareDirectory()
            var extractor = DataArchiveExtractor(into: fileSystem, options: target, limit: limit)
            for try await chunk in chunks {
                try chunk.withUnsafeBytes { try extractor.feed($0) }
            }
            try extractor.finish()
            let files = extractor.files
            return try await Self.onThreadPool { try self.check(directory, files: files) }
        } catch {
            try? PosixFileSystem(directory: directory).removeDirectory()
            throw error
        }
    }

    /// `verify` must find nothing damaged or missing but damage the archived server had already
    /// set aside (a backup of a store that once found bit rot), and the store must open.
    private func check(_ directory: String, files: [String]) throws -> Staged {
        var trial = options
        trial.directory = directory
        trial.backgroundMaintenance = false
        trial.snapshotOnClose = false
        trial.scrubInterval = nil
        trial.fileSystem = nil
        trial.logger.logLevel = .critical
        let report = try FlatStore.verify(trial)
        guard report.isClean || report.holdsOnlyKnownDamage else {
            throw ArchiveProblem("the archive's store is damaged or incomplete: " + report.problems.prefix(5).joined(separator: "; "))
        }
        let store = try FlatStore.open(trial, schema: .duplistatus)
        store.closeBlocking()
        return Staged(directory: directory, files: files, records: report.records)
    }

    /// Puts `staged` in place of the data directory (no process may hold it); returns where the
    /// previous one was kept.
    func install(_ staged: Staged, stamp: String) throws -> String {
        let previous = Self.unused(options.directory + ".before-restore-" + stamp)
        try FlatStore.replaceDirectory(options.directory, with: staged.directory, keepingPreviousAs: previous)
        return previous
    }

    /// The last component of `path`: how the API names the directory a restore kept.
    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `path`, or `path-2`, `path-3`… when it exists (two restores within a second).
    private static func unused(_ path: String) -> String {
        func exists(_ candidate: String) -> Bool { (try? PosixFileSystem(directory: candidate).listFiles()) != nil }
        var candidate = path
        var number = 2
        while exists(candidate) {
            candidate = path + "-\(number)"
            number += 1
        }
        return candidate
    }

    /// A file-name-safe time stamp, `20261202T153000Z`.
    static func stamp(_ epochMilliseconds: Int64) -> String {
        let text = ReportTimestamp.isoString(epochMilliseconds: epochMilliseconds)
        return text.prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
    }

    /// Puts `staged` in place of the data directory of the running server: closes the store in
    /// `holder`, swaps the directories, opens the restored store and hands it to `holder`.
    ///
    /// If the restored store does not open after all, the previous directory goes back in place and
    /// is reopened: the server is never left without a store.
    func installRunning(_ staged: Staged, into holder: StoreHolder, stamp: String) async throws -> String {
        await holder.current.close()
        let options = options
        let open = { @Sendable in try await Self.onThreadPool { try FlatStore.open(options, schema: .duplistatus) } }
        let previous: String
        do {
            previous = try install(staged, stamp: stamp)
        } catch {
            holder.replace(with: try await open())
            throw error
        }
        do {
            holder.replace(with: try await open())
        } catch {
            try FlatStore.replaceDirectory(options.directory, with: previous, keepingPreviousAs: staged.directory + "-failed")
            holder.replace(with: try await open())
            throw error
        }
        return previous
    }

    /// Runs `body`, which blocks for seconds on a large store (verify, open), on NIO's thread pool,
    /// so the threads that run requests go on answering meanwhile.
    private static func onThreadPool<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
