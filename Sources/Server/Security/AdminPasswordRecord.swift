import FlatStore

/// The admin password set on the settings page, which stands in for the configured one (the file
/// or environment variable) as long as that stays the password it replaced. Both are kept as slow
/// salted hashes only; changing the configured password is the way back in when the set one is
/// forgotten.
struct AdminPasswordRecord: StoreRecord, Equatable {
    typealias Summary = AdminPasswordRecord

    static let collection = "adminpassword"
    /// The one record's key.
    static let key = "admin"

    /// The password set on the settings page, as `PasswordHash.encoded`.
    var hash: String
    /// The configured password it replaced, as `PasswordHash.encoded`.
    var replaces: String
    /// When it was set (epoch ms).
    @StoredTime var changed: Int64

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case hash, replaces, changed
    }

    var storeKey: String { Self.key }

    var indexFields: IndexFields {
        IndexFields([
            IndexKey.hash.rawValue: .string(hash), IndexKey.replaces.rawValue: .string(replaces),
            IndexKey.changed.rawValue: .int(changed),
        ])
    }

    static func summary(key: String, fields: IndexFields) -> AdminPasswordRecord {
        AdminPasswordRecord(
            hash: fields.string(IndexKey.hash) ?? "",
            replaces: fields.string(IndexKey.replaces) ?? "",
            changed: fields.int(IndexKey.changed) ?? 0
        )
    }
}

extension BackupStore {
    /// The admin password set on the settings page, if one was.
    func adminPasswordRecord() -> AdminPasswordRecord? {
        store.read { $0.summary(AdminPasswordRecord.self, key: AdminPasswordRecord.key) }
    }

    /// Stores `record` durably, in place of any earlier one.
    func storeAdminPassword(_ record: AdminPasswordRecord) async throws {
        try await store.put(record)
    }

    /// Deletes the stored admin password if it is still `record`, durably.
    func deleteAdminPassword(_ record: AdminPasswordRecord) async throws {
        guard adminPasswordRecord() == record else { return }
        var batch = WriteBatch()
        batch.delete(AdminPasswordRecord.self, key: AdminPasswordRecord.key)
        try await store.write(batch)
    }
}
