extension FlatStore {
    /// Puts the store in the directory `staging` in place of the one at `path`, keeping the one it
    /// replaces at `previous`. No process may hold either store.
    ///
    /// Where the file system can, the two directories are exchanged in one atomic step, so `path`
    /// holds a whole store at every instant. Elsewhere it takes three renames (`staging` to
    /// `<path>.incoming`, `path` to `previous`, `<path>.incoming` to `path`), and
    /// `completeInterruptedReplacement` finishes a crash's half-done swap at the next start.
    public static func replaceDirectory(_ path: String, with staging: String, keepingPreviousAs previous: String) throws {
        do {
            let steps =
                try PosixFileSystem.exchangeDirectories(staging, path)
                ? [{ try PosixFileSystem.renameDirectory(staging, to: previous) }]
                : renamingSteps(path, with: staging, keepingPreviousAs: previous)
            for step in steps { try step() }
        } catch {
            throw StoreError(error)
        }
    }

    /// The three renames that replace `path` where directories cannot be exchanged, in order (the
    /// crash tests stop after each).
    static func renamingSteps(_ path: String, with staging: String, keepingPreviousAs previous: String) -> [() throws -> Void] {
        let incoming = path + ".incoming"
        return [
            { try PosixFileSystem.renameDirectory(staging, to: incoming) },
            { try PosixFileSystem.renameDirectory(path, to: previous) },
            { try PosixFileSystem.renameDirectory(incoming, to: path) },
        ]
    }

    /// Finishes a replacement a crash interrupted between its second and third rename (`path` is
    /// gone, `<path>.incoming` holds the new store); true when it did.
    @discardableResult
    public static func completeInterruptedReplacement(_ path: String) throws -> Bool {
        let incoming = path + ".incoming"
        guard (try? PosixFileSystem(directory: path).listFiles()) == nil,
            (try? PosixFileSystem(directory: incoming).listFiles()) != nil
        else { return false }
        do {
            try PosixFileSystem.renameDirectory(incoming, to: path)
        } catch {
            throw StoreError(error)
        }
        return true
    }

    /// Runs `body` while holding the data directory's lock, so no server can open it meanwhile;
    /// throws `StoreError.locked` when a process holds it.
    public static func holdingLock<Result>(_ options: StoreOptions, _ body: () throws -> Result) throws -> Result {
        let fileSystem = options.resolvedFileSystem
        let lock: any LockOwner
        do {
            lock = try fileSystem.lock()
        } catch let error as FileSystemError where error.code == Errno.wouldBlock {
            throw StoreError.locked(directory: options.directory, holder: nil)
        }
        defer { lock.release() }
        return try body()
    }
}
