import FlatStore

/// The in-memory form of one stored run: numbers only — its server and job are the partitions of
/// the `byServer` and `byJob` indexes, so a million runs carry no per-run strings.
struct RunSummary: Sendable, Equatable {
    var beginTime: Int64
    var endTime: Int64
    var durationSeconds: Double
    var fileCount: Int64
    var fileSize: Int64
    var uploadedSize: Int64
    var storageSize: Int64
    var versions: Int32
    var warnings: Int32
    var errors: Int32
    var messages: Int32
    var status: ParsedRun.Status
}

extension ParsedRun: StoreRecord {
    /// The index that groups runs by job (`"<serverId>:<backupName>"`), ordered by begin time.
    static let byJob = "byJob"
    /// The index that groups runs by server, ordered by begin time.
    static let byServer = "byServer"

    static let collection = "runs"

    var storeKey: String { id }

    var indexFields: IndexFields {
        IndexFields([
            "b": .string(backupName), "d": .double(durationSeconds), "e": .int(endTime), "er": .int(errors),
            "fc": .int(fileCount), "fs": .int(fileSize), "m": .int(messages), "s": .string(serverId),
            "ss": .int(storageSize), "st": .string(status.rawValue), "t": .int(beginTime), "us": .int(uploadedSize),
            "v": .int(versions), "w": .int(warnings),
        ])
    }

    static func summary(key: String, fields: IndexFields) -> RunSummary {
        RunSummary(
            beginTime: fields.int("t") ?? 0,
            endTime: fields.int("e") ?? 0,
            durationSeconds: fields.double("d") ?? 0,
            fileCount: fields.int("fc") ?? 0,
            fileSize: fields.int("fs") ?? 0,
            uploadedSize: fields.int("us") ?? 0,
            storageSize: fields.int("ss") ?? 0,
            versions: Int32(clamping: fields.int("v") ?? 0),
            warnings: Int32(clamping: fields.int("w") ?? 0),
            errors: Int32(clamping: fields.int("er") ?? 0),
            messages: Int32(clamping: fields.int("m") ?? 0),
            status: fields.string("st").flatMap(Status.init(rawValue:)) ?? .unknown
        )
    }

    /// The key of a job: `"<serverId>:<backupName>"` (split on the first `:`).
    static func jobKey(serverId: String, backupName: String) -> String { serverId + ":" + backupName }

    /// The secondary indexes runs are stored with.
    static var indexes: [IndexDefinition] {
        [
            IndexDefinition(
                byJob,
                partition: { fields in
                    guard let server = fields.string("s"), let backup = fields.string("b") else { return nil }
                    return jobKey(serverId: server, backupName: backup)
                },
                sortKey: { $0.int("t") ?? 0 }
            ),
            IndexDefinition(byServer, partition: { $0.string("s") }, sortKey: { $0.int("t") ?? 0 }),
        ]
    }
}
