/// Holds one caller-defined aggregate value, mutated in place as records change.
final class AggregateBox<Value> {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}

/// The aggregates of one open store, keyed by their value type.
///
/// Lives inside the store's locked state: aggregates are updated in commit order in the same
/// critical section that applies a batch, so a reader always sees indexes and aggregates agree.
final class AggregateTable {
    private var boxes: [ObjectIdentifier: AnyObject] = [:]

    func install<Value>(_ initial: Value) {
        boxes[ObjectIdentifier(Value.self)] = AggregateBox(initial)
    }

    func box<Value>(_ type: Value.Type) -> AggregateBox<Value>? {
        boxes[ObjectIdentifier(type)].map { unsafeDowncast($0, to: AggregateBox<Value>.self) }
    }
}
