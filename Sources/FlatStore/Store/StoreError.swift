/// Errors FlatStore reports to its caller.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// Another process holds the data directory.
    case locked(directory: String, holder: String?)
    /// A write or flush failed earlier; the store refuses writes until it is reopened.
    case writesStopped(reason: String)
    /// The store was closed.
    case closed
    /// An I/O operation failed.
    case io(FileSystemError)
    /// A record's body could not be encoded or decoded.
    case codec(String)
    /// A stored line failed its checksum or could not be parsed when read back.
    case corruptRecord(file: String, offset: UInt64)
    /// The collection is not part of the schema.
    case unknownCollection(String)
    /// A read asked for a secondary index the schema does not declare (a programming error).
    case unknownIndex(collection: String, index: String)

    /// Wraps any error thrown below the store.
    init(_ error: any Error) {
        switch error {
        case let error as StoreError: self = error
        case let error as FileSystemError: self = .io(error)
        default: self = .codec("\(error)")
        }
    }

    /// A one-line description without absolute paths or internals.
    public var description: String {
        switch self {
        case .locked(let directory, let holder):
            let who = holder.map { " (pid \($0))" } ?? ""
            return "data directory '\(directory)' is in use by another process\(who); "
                + "stop it first, and never let two processes share one data directory (e.g. over NFS/SMB)"
        case .writesStopped(let reason): return "the store stopped accepting writes after a failure: \(reason)"
        case .closed: return "the store is closed"
        case .io(let error): return error.description
        case .codec(let message): return message
        case .corruptRecord(let file, let offset): return "corrupt record in \(file) at offset \(offset)"
        case .unknownCollection(let name): return "unknown collection '\(name)'"
        case .unknownIndex(let collection, let index): return "collection '\(collection)' has no index '\(index)'"
        }
    }
}
