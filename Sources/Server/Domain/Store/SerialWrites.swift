/// Runs read-modify-write operations on server records one at a time.
///
/// Uploads that only add runs never wait here; only creating or renaming a server, and the
/// admin operations (update, delete, merge), do — so an upload cannot write back a stale copy
/// of a server a user just edited.
actor SerialWrites {
    private var tail: Task<Void, Never>?

    /// Runs `operation` after every operation queued before it has finished.
    func run<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let previous = tail
        let task = Task { () async throws -> Result in
            await previous?.value
            return try await operation()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
