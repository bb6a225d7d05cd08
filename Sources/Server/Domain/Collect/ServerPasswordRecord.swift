import FlatStore

/// A server's Duplicati web-UI password, sealed with the data directory's key (`SecretBox`), so
/// `{serverId}` alone and `{all: true}` can collect; never returned by any API. With it, whether
/// the collect that stored it accepted a self-signed certificate, so later ones do too.
struct ServerPasswordRecord: StoreRecord {
    /// What is kept in memory: the sealed password and the certificate allowance.
    struct Summary: Sendable, Equatable {
        var sealed: String
        var acceptsSelfSigned: Bool
    }

    static let collection = "serverpasswords"

    /// The server's id.
    var serverId: String
    /// The sealed password (`v1:…`).
    var sealed: String
    /// Whether the user allowed a self-signed certificate for this server; absent before it was kept.
    var acceptsSelfSigned: Bool?

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case sealed = "p"
        case acceptsSelfSigned = "s"
    }

    var storeKey: String { serverId }
    var indexFields: IndexFields {
        var fields = IndexFields([IndexKey.sealed.rawValue: .string(sealed)])
        if acceptsSelfSigned == true { fields[IndexKey.acceptsSelfSigned.rawValue] = .bool(true) }
        return fields
    }

    static func summary(key: String, fields: IndexFields) -> Summary {
        Summary(
            sealed: fields.string(IndexKey.sealed.rawValue) ?? "",
            acceptsSelfSigned: fields.bool(IndexKey.acceptsSelfSigned.rawValue) ?? false
        )
    }
}

extension BackupStore {
    /// The sealed password stored for server `id`, if any.
    func sealedPassword(ofServer id: String) -> SealedSecret? {
        store.read { $0.summary(ServerPasswordRecord.self, key: id) }.flatMap { $0.sealed.isEmpty ? nil : SealedSecret(sealed: $0.sealed) }
    }

    /// Whether collects from server `id` accept a self-signed certificate, as the one that stored
    /// its password did.
    func acceptsSelfSigned(server id: String) -> Bool {
        store.read { $0.summary(ServerPasswordRecord.self, key: id) }?.acceptsSelfSigned ?? false
    }

    /// Stores `sealed` as server `id`'s password, durably, with the certificate allowance (nil
    /// keeps the stored one); false, storing nothing, when the server is no longer known. It writes
    /// in the queue of `serverWrites`, so a password saved while its server is deleted or merged
    /// away is not kept for a later server of the same id.
    func savePassword(_ sealed: SealedSecret, ofServer id: String, acceptsSelfSigned: Bool? = nil) async throws -> Bool {
        try await serverWrites.run(addsOnly: true) {
            guard store.read({ $0.contains(ServerRecord.self, key: id) }) else { return false }
            let allowance = acceptsSelfSigned ?? self.acceptsSelfSigned(server: id)
            try await store.put(ServerPasswordRecord(serverId: id, sealed: sealed.sealed, acceptsSelfSigned: allowance ? true : nil))
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
