import Crypto
import FlatStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An API token for scripts (`Authorization: Bearer …`), stored as its SHA-256 only: the token
/// itself is shown once, when it is created, and no data file holds it.
struct APITokenRecord: StoreRecord, Equatable {
    typealias Summary = APITokenRecord

    static let collection = "apitokens"

    /// The token's public id, also its first part (`dsk_<id>_<secret>`).
    var id: String
    /// What the user called it, e.g. "Homepage".
    var name: String
    /// The hex SHA-256 of the whole token.
    var hash: String
    /// When it was created (epoch ms).
    @StoredTime var created: Int64

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case name, hash, created
    }

    var storeKey: String { id }

    var indexFields: IndexFields {
        IndexFields([
            IndexKey.name.rawValue: .string(name), IndexKey.hash.rawValue: .string(hash),
            IndexKey.created.rawValue: .int(created),
        ])
    }

    static func summary(key: String, fields: IndexFields) -> APITokenRecord {
        APITokenRecord(
            id: key,
            name: fields.string(IndexKey.name) ?? "",
            hash: fields.string(IndexKey.hash) ?? "",
            created: fields.int(IndexKey.created) ?? 0
        )
    }

    /// The hex SHA-256 of `token`, as stored.
    static func hash(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// The id part of a token in the `dsk_<id>_<secret>` form; nil for anything else.
    static func id(of token: String) -> String? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "dsk", parts[1].count == 12, parts[2].count == 40,
            parts[1].utf8.allSatisfy({ RandomText.isAlphanumeric($0) })
        else { return nil }
        return String(parts[1])
    }
}

extension BackupStore {
    /// Every API token, oldest first.
    func apiTokens() -> [APITokenRecord] {
        store.read { $0.all(APITokenRecord.self).map(\.summary) }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    /// Creates a token called `name` at `now`, durably; the record and the token, which only this
    /// answer ever holds.
    func createAPIToken(name: String, now: Int64) async throws -> (record: APITokenRecord, token: String) {
        let id = RandomText.alphanumerics(12)
        let token = "dsk_\(id)_\(RandomText.alphanumerics(40))"
        let record = APITokenRecord(id: id, name: name, hash: APITokenRecord.hash(of: token), created: now)
        try await store.put(record)
        return (record, token)
    }

    /// Revokes token `id`; false when there is none.
    func revokeAPIToken(id: String) async throws -> Bool {
        guard store.read({ $0.contains(APITokenRecord.self, key: id) }) else { return false }
        var batch = WriteBatch()
        batch.delete(APITokenRecord.self, key: id)
        try await store.write(batch)
        return true
    }

    /// The stored token that `token` is, if any.
    func apiToken(matching token: String) -> APITokenRecord? {
        guard let id = APITokenRecord.id(of: token), let record = store.read({ $0.summary(APITokenRecord.self, key: id) }) else {
            return nil
        }
        // Both sides are hashes of a 40-character random secret, so comparing them leaks nothing usable.
        return record.hash == APITokenRecord.hash(of: token) ? record : nil
    }
}
