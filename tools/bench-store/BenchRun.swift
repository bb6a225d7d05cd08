import FlatStore

/// A benchmark record shaped like a stored Duplicati run: ~2 KB with its log lines.
struct BenchRun: StoreRecord {
    /// The compact in-memory form: numbers only (the job is the index partition).
    struct Summary: Sendable {
        var beginTime: Int64
        var status: UInt8
        var fileSize: Int64
        var uploadedSize: Int64
    }

    static let collection = "runs"

    var id: String
    var serverId: String
    var serverName: String
    var backupName: String
    var status: String
    var beginTime: Int64
    var endTime: Int64
    var durationSeconds: Double
    var fileCount: Int64
    var fileSize: Int64
    var uploadedSize: Int64
    var storageSize: Int64
    var versions: Int64
    var warnings: Int64
    var errors: Int64
    var messages: [String]

    var storeKey: String { id }
    var indexFields: IndexFields {
        IndexFields([
            "j": .string(serverId + ":" + backupName), "t": .int(beginTime), "st": .string(status),
            "fs": .int(fileSize), "us": .int(uploadedSize),
        ])
    }

    static func summary(key: String, fields: IndexFields) -> Summary {
        let status: UInt8 =
            switch fields.string("st") {
            case "Success": 0
            case "Warning": 1
            case "Error": 2
            default: 3
            }
        return Summary(
            beginTime: fields.int("t") ?? 0,
            status: status,
            fileSize: fields.int("fs") ?? 0,
            uploadedSize: fields.int("us") ?? 0
        )
    }

    static var schema: StoreSchema {
        var schema = StoreSchema()
        schema.register(
            BenchRun.self,
            indexes: [IndexDefinition("byJob", partition: { $0.string("j") }, sortKey: { $0.int("t") ?? 0 })]
        )
        return schema
    }
}

/// Deterministic records: record `index` is always the same, so every tool sees the same data.
struct BenchRecords {
    let count: Int
    let bodyBytes: Int

    func record(_ index: Int) -> BenchRun {
        var random = SplitMix(seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let server = index % 100
        let job = (index / 100) % 10
        let day = Int64(index / 1000)
        let begin = 1_640_995_200_000 + day * 86_400_000 + Int64(server * 600 + job * 60) * 1000
        let duration = Double(random.next() % 7200) + 0.5
        let roll = random.next() % 100
        let status = roll < 90 ? "Success" : roll < 96 ? "Warning" : roll < 99 ? "Error" : "Fatal"
        var messages: [String] = []
        var size = 600
        while size < bodyBytes {
            let line =
                "2024-03-\(10 + job) 03:0\(job):12 +01 - [Information-Duplicati.Library.Main.Operation.BackupHandler-Msg]: "
                + "processed file /data/share\(server)/folder\(random.next() % 1000)/document-\(random.next() % 100_000).pdf"
            messages.append(line)
            size += line.utf8.count + 3
        }
        return BenchRun(
            id: "run-\(index)",
            serverId: "server-\(server)",
            serverName: "NAS-\(server)",
            backupName: "job-\(job)",
            status: status,
            beginTime: begin,
            endTime: begin + Int64(duration * 1000),
            durationSeconds: duration,
            fileCount: Int64(random.next() % 500_000),
            fileSize: Int64(random.next() % (1 << 40)),
            uploadedSize: Int64(random.next() % (1 << 30)),
            storageSize: Int64(random.next() % (1 << 41)),
            versions: Int64(random.next() % 50),
            warnings: status == "Warning" ? 1 : 0,
            errors: status == "Error" || status == "Fatal" ? 1 : 0,
            messages: messages
        )
    }
}

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
