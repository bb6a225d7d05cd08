import FoundationEssentials

/// Mutations that are appended together and acknowledged together by one flush.
///
/// Lines of a batch carry their position (`at`) and a countdown (`more`), so recovery applies a
/// batch only when every one of its lines is there: half a batch is never applied.
public struct WriteBatch: Sendable {
    struct Item: Sendable {
        var collection: String
        var key: String
        var operation: RecordOperation
        var fields: IndexFields
        var body: [UInt8]?
        var summary: (any Sendable)?
    }

    var items: [Item] = []

    /// An empty batch.
    public init() {}

    /// Whether the batch holds no mutation.
    public var isEmpty: Bool { items.isEmpty }

    /// Adds a put of `record`, encoding its body now (on the caller's thread).
    public mutating func put<Record: StoreRecord>(_ record: Record) throws(StoreError) {
        let key = record.storeKey
        let fields = record.indexFields
        items.append(
            Item(
                collection: Record.collection,
                key: key,
                operation: .put,
                fields: fields,
                body: try Self.encode(record),
                summary: Record.summary(key: key, fields: fields)
            )
        )
    }

    /// Adds a delete of one record.
    public mutating func delete<Record: StoreRecord>(_ type: Record.Type, key: String) {
        items.append(Item(collection: Record.collection, key: key, operation: .delete, fields: IndexFields()))
    }

    /// The mutations encoded up to their sequence numbers.
    func pendingMutations() -> [PendingMutation] {
        items.enumerated().map { index, item in
            PendingMutation(
                line: RecordLine.pending(
                    collection: item.collection,
                    key: item.key,
                    operation: item.operation,
                    fields: item.fields,
                    at: index,
                    more: items.count - 1 - index,
                    body: item.body
                ),
                collection: item.collection,
                key: item.key,
                operation: item.operation,
                fields: item.fields,
                summary: item.summary
            )
        }
    }

    /// Canonical JSON: sorted keys and unescaped slashes, so lines are stable and greppable.
    static func encode<Value: Encodable>(_ value: Value) throws(StoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw StoreError.codec("could not encode \(Value.self): \(error)")
        }
    }
}
