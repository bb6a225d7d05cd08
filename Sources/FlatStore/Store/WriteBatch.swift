import FoundationEssentials

/// Mutations that are appended together and acknowledged together by one flush.
///
/// Lines of a batch carry their position (`at`) and a countdown (`more`), so recovery applies a
/// batch only when every one of its lines is there: half a batch a crash tore is never applied.
/// A batch of puts that later lost a line to damage (bit rot, proven by what was durable after
/// it) keeps its other lines; one with a delete among them stays all or nothing (`SegmentScan`).
public struct WriteBatch: Sendable {
    struct Item: Sendable {
        var collection: String
        var key: String
        var operation: RecordOperation
        var fields: IndexFields
        var body: [UInt8]?
        var summary: (any Sendable)?
    }

    /// One step of the batch, in order.
    enum Step: Sendable {
        case item(Item)
        /// Deletes of many keys of one collection, kept as the keys alone: the committer encodes
        /// their lines in bounded chunks, so even a million of them stay one atomic batch.
        case deletes(collection: String, keys: [String])
    }

    private(set) var steps: [Step] = []
    /// How many lines the batch writes.
    private(set) var count = 0

    /// An empty batch; `capacity` is how many puts and deletes it will hold, when known, so a
    /// batch written per request does not regrow its list record by record.
    public init(capacity: Int = 0) {
        steps.reserveCapacity(capacity)
    }

    /// Whether the batch holds no mutation.
    public var isEmpty: Bool { count == 0 }

    /// Adds a put of `record`, encoding its body now (on the caller's thread).
    public mutating func put<Record: StoreRecord>(_ record: Record) throws(StoreError) {
        let key = record.storeKey
        let fields = record.indexFields
        steps.append(
            .item(
                Item(
                    collection: Record.collection,
                    key: key,
                    operation: .put,
                    fields: fields,
                    body: try record.canonicalBody(),
                    summary: Record.summary(key: key, fields: fields)
                )
            )
        )
        count += 1
    }

    /// Adds a delete of one record.
    public mutating func delete<Record: StoreRecord>(_ type: Record.Type, key: String) {
        steps.append(.item(Item(collection: Record.collection, key: key, operation: .delete, fields: IndexFields())))
        count += 1
    }

    /// Adds deletes of many records of one collection; the batch holds only their keys, so
    /// deleting a million records stays one atomic batch without a million encoded lines in memory.
    public mutating func delete<Record: StoreRecord>(_ type: Record.Type, keys: [String]) {
        guard !keys.isEmpty else { return }
        steps.append(.deletes(collection: Record.collection, keys: keys))
        count += keys.count
    }

    /// The batch on its way to the commit thread: each put and single delete encoded up to its
    /// sequence number (on the writer's thread), with its place in the batch.
    func pending() -> PendingBatch {
        var position = 0
        var pendingSteps: [PendingBatch.Step] = []
        pendingSteps.reserveCapacity(steps.count)
        for step in steps {
            switch step {
            case .item(let item):
                let line = RecordLine.pending(
                    collection: item.collection,
                    key: item.key,
                    operation: item.operation,
                    fields: item.fields,
                    at: position,
                    more: count - 1 - position,
                    body: item.body
                )
                pendingSteps.append(
                    .line(
                        PendingMutation(
                            line: line,
                            collection: item.collection,
                            key: item.key,
                            operation: item.operation,
                            fields: item.fields,
                            summary: item.summary
                        )
                    )
                )
                position += 1
            case .deletes(let collection, let keys):
                pendingSteps.append(.deletes(collection: collection, keys: keys, firstPosition: position))
                position += keys.count
            }
        }
        return PendingBatch(steps: pendingSteps, count: count)
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
