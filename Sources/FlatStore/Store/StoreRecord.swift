import FoundationEssentials

/// A kind of record kept in one FlatStore collection.
///
/// The body is the record's JSON (`Codable`, written with sorted keys); `indexFields` are the few
/// scalars written beside it, from which `summary` builds the compact in-memory form that indexes,
/// aggregates and list views use. Bodies stay on disk until `FlatStore.record(_:key:)` reads one.
public protocol StoreRecord: Codable, Sendable {
    /// The compact in-memory form of a record.
    associatedtype Summary: Sendable

    /// The collection name (the line's `"c"`).
    static var collection: String { get }
    /// The primary key within the collection.
    var storeKey: String { get }
    /// The scalars written beside the body.
    var indexFields: IndexFields { get }
    /// Builds the in-memory summary from a key and its index fields; must accept missing fields.
    static func summary(key: String, fields: IndexFields) -> Summary
    /// The body as canonical JSON; the default encodes `self` with `JSONEncoder`. A record on a
    /// hot write path may write the same bytes itself with a `CanonicalJSONWriter`.
    func canonicalBody() throws(StoreError) -> [UInt8]
    /// Reads a stored body; the default decodes it with `JSONDecoder`. A record read in bulk may
    /// parse the canonical form itself.
    init(storedBody: [UInt8]) throws(StoreError)
}

extension StoreRecord {
    /// The body as `JSONEncoder` writes it with sorted keys and unescaped slashes.
    public func canonicalBody() throws(StoreError) -> [UInt8] {
        try WriteBatch.encode(self)
    }

    /// Decodes `storedBody` with `JSONDecoder`.
    public init(storedBody: [UInt8]) throws(StoreError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(storedBody))
        } catch {
            throw StoreError.codec("could not decode \(Self.collection) record: \(error)")
        }
    }
}

/// A change applied to a collection, as seen by aggregates.
public struct RecordChange<Summary: Sendable>: Sendable {
    /// The record's key.
    public let key: String
    /// The summary before the change (`nil` for an insert).
    public let old: Summary?
    /// The summary after the change (`nil` for a delete).
    public let new: Summary?
}
