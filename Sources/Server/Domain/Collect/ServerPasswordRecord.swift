import FlatStore

/// A server's Duplicati web-UI password, sealed with the data directory's key (`SecretBox`), so
/// `{serverId}` alone and `{all: true}` can collect; never returned by any API.
struct ServerPasswordRecord: StoreRecord {
    typealias Summary = String

    static let collection = "serverpasswords"

    /// The server's id.
    var serverId: String
    /// The sealed password (`v1:…`).
    var sealed: String

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case sealed = "p"
    }

    var storeKey: String { serverId }
    var indexFields: IndexFields { IndexFields([IndexKey.sealed.rawValue: .string(sealed)]) }

    static func summary(key: String, fields: IndexFields) -> String { fields.string(IndexKey.sealed.rawValue) ?? "" }
}

extension BackupStore {
    /// The sealed password stored for server `id`, if any.
    func sealedPassword(ofServer id: String) -> SealedSecret? {
        store.read { $0.summary(ServerPasswordRecord.self, key: id) }.flatMap { $0.isEmpty ? nil : SealedSecret(sealed: $0) }
    }

    /// Stores `sealed` as server `id`'s password, durably; false, storing nothing, when the server
    /// is no longer known. It writes in the queue of `serverWrites`, so a password saved while its
    /// server is deleted or merged away is not kept for a later server of the same id.
    func savePassword(_ sealed: SealedSecret, ofServer id: String) async throws -> Bool {
        try await serverWrites.run(addsOnly: true) {
            guard store.read({ $0.contains(ServerRecord.self, key: id) }) else { return false }
            try await store.put(ServerPasswordRecord(serverId: id, sealed: sealed.sealed))
            return true
        }
    }

    /// Forgets server `id`'s password; false when none was stored.
    func deletePassword(ofServer id: String) async throws -> Bool {
        guard store.read({ $0.contains(ServerPasswordRecord.self, key: id) }) else { return false }
        var batch = WriteBatch()
        batch.delete(ServerPasswordRecord.self, key: id)
        try await store.write(batch)
        return true
    }

    /// The ids of the servers with a stored password.
    func serverIdsWithPasswords() -> Set<String> {
        store.read { Set($0.all(ServerPasswordRecord.self).map(\.key)) }
    }
}
