import FlatStore
import Foundation

/// A record for FlatStore's own tests: a note in a group, ordered by time.
struct Note: StoreRecord, Equatable {
    /// What the index keeps in memory.
    struct Summary: Sendable, Equatable {
        var group: String
        var time: Int64
        var size: Int64
    }

    static let collection = "notes"

    var id: String
    var group: String
    var time: Int64
    var text: String

    var storeKey: String { id }
    var indexFields: IndexFields {
        IndexFields(["g": .string(group), "s": .int(Int64(text.utf8.count)), "t": .int(time)])
    }

    static func summary(key: String, fields: IndexFields) -> Summary {
        Summary(group: fields.string("g") ?? "", time: fields.int("t") ?? 0, size: fields.int("s") ?? 0)
    }
}

/// Per-group totals, maintained incrementally through the schema's aggregate hook.
struct GroupTotals: Sendable, Equatable {
    var count: [String: Int] = [:]
    var bytes: [String: Int64] = [:]
}

/// Per group (a `byGroup` partition): how many notes and the latest note's time — a maximum, which a
/// removal cannot undo arithmetically, so it is recomputed from the partition.
struct GroupLatest: Sendable, Equatable {
    var groups: [String: (count: Int, latest: Int64)] = [:]

    static func == (lhs: GroupLatest, rhs: GroupLatest) -> Bool {
        lhs.groups.mapValues { [Int64($0.count), $0.latest] } == rhs.groups.mapValues { [Int64($0.count), $0.latest] }
    }

    mutating func apply(_ change: PartitionChange<Note>) {
        if change.isWholePartition {
            let notes = change.summaries(from: .min, to: .max)
            if let last = notes.last { groups[change.partitionName] = (notes.count, last.time) }
            return
        }
        var group = groups[change.partitionName] ?? (0, .min)
        if change.removed != nil { group.count -= 1 }
        if let inserted = change.inserted {
            group.count += 1
            group.latest = max(group.latest, inserted.time)
        }
        if change.removed != nil { group.latest = change.summaries(from: .min, to: .max).last?.time ?? .min }
        groups[change.partitionName] = group.count == 0 ? nil : group
    }
}

extension StoreSchema {
    /// Notes with a by-group time index and per-group totals.
    static var notes: StoreSchema {
        var schema = StoreSchema()
        schema.register(
            Note.self,
            indexes: [IndexDefinition("byGroup", partition: { $0.string("g") }, sortKey: { $0.int("t") ?? 0 })]
        )
        schema.aggregate(GroupTotals(), from: Note.self) { totals, change in
            if let old = change.old {
                totals.count[old.group, default: 0] -= 1
                totals.bytes[old.group, default: 0] -= old.size
            }
            if let new = change.new {
                totals.count[new.group, default: 0] += 1
                totals.bytes[new.group, default: 0] += new.size
            }
        }
        schema.aggregate(GroupLatest(), from: Note.self, partitionsOf: "byGroup") { latest, change in latest.apply(change) }
        return schema
    }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory(_ name: String = #function) -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("flatstore-\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Options for a quiet test store in `directory`.
func testOptions(_ directory: String, fsync: FsyncPolicy = .none) -> StoreOptions {
    var options = StoreOptions(directory: directory)
    options.fsync = fsync
    options.backgroundMaintenance = false
    options.logger.logLevel = .critical
    return options
}

/// A built executable of this package, next to the test bundle.
func builtProduct(_ name: String) throws -> URL {
    let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    var directory = bundle.deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
}
