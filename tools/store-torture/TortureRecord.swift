import FlatStore

/// A record written by the torture writer: writer `w`'s `n`-th write, with filler to make it realistic.
struct TortureRecord: StoreRecord {
    typealias Summary = Int64

    static let collection = "torture"

    var writer: Int
    var number: Int64
    var filler: String

    var storeKey: String { Self.key(writer: writer, number: number) }
    var indexFields: IndexFields { IndexFields(["n": .int(number), "w": .int(Int64(writer))]) }

    static func summary(key: String, fields: IndexFields) -> Int64 { fields.int("n") ?? 0 }

    static func key(writer: Int, number: Int64) -> String { "w\(writer)-\(number)" }
}

/// Writer `w`'s counter: the number of its last batch, written in the same batch as the record.
struct TortureCounter: StoreRecord {
    typealias Summary = Int64

    static let collection = "counter"

    var writer: Int
    var number: Int64

    var storeKey: String { "c\(writer)" }
    var indexFields: IndexFields { IndexFields(["n": .int(number)]) }

    static func summary(key: String, fields: IndexFields) -> Int64 { fields.int("n") ?? 0 }
}

extension StoreSchema {
    /// The torture tool's collections.
    static var torture: StoreSchema {
        var schema = StoreSchema()
        schema.register(TortureRecord.self)
        schema.register(TortureCounter.self)
        return schema
    }
}

/// The batch writer `w` commits as its `n`-th write: its record, its counter, and every tenth
/// time the delete of an older record — so recovery must keep or drop all three together.
func tortureBatch(writer: Int, number: Int64, fillerBytes: Int) throws -> WriteBatch {
    var batch = WriteBatch()
    let filler = String(repeating: "x", count: fillerBytes) + " path/with/slashes Zürich ✓"
    try batch.put(TortureRecord(writer: writer, number: number, filler: filler))
    try batch.put(TortureCounter(writer: writer, number: number))
    if number % 10 == 0 { batch.delete(TortureRecord.self, key: TortureRecord.key(writer: writer, number: number - 5)) }
    return batch
}

/// Whether record `k` of a writer whose last batch is `m` should exist.
func tortureRecordExpected(_ k: Int64, last m: Int64) -> Bool {
    k >= 1 && k <= m && !(k % 10 == 5 && k + 5 <= m)
}
