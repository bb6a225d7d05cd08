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
