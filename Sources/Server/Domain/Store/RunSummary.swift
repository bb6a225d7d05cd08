import FlatStore

/// The in-memory form of one stored run: numbers only — its job is its partition of the `byJob`
/// index (and its server the part of the job's key before the first `:`), so a million runs carry
/// no per-run strings.
package struct RunSummary: Sendable, Equatable {
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
    /// `nextScheduledRun` in whole seconds since 1970, 0 for none: Duplicati writes it to the
    /// second (`DuplicatiSchedule`), and four bytes instead of an `Int64` keep the summary, held
    /// once per run in memory, at 80 bytes instead of 88. Instants after 2106 are not kept.
    private var scheduledSeconds: UInt32
    var status: ParsedRun.Status

    /// Duplicati's own next scheduled run after this one (epoch ms), when the report carried it.
    var nextScheduledRun: Int64? {
        get { scheduledSeconds == 0 ? nil : Int64(scheduledSeconds) * 1_000 }
        set { scheduledSeconds = newValue.flatMap { $0 > 0 ? UInt32(exactly: $0 / 1_000) : nil } ?? 0 }
    }

    /// A run's figures.
    init(
        beginTime: Int64,
        endTime: Int64,
        durationSeconds: Double,
        fileCount: Int64,
        fileSize: Int64,
        uploadedSize: Int64,
        storageSize: Int64,
        versions: Int32,
        warnings: Int32,
        errors: Int32,
        messages: Int32,
        status: ParsedRun.Status,
        nextScheduledRun: Int64? = nil
    ) {
        self.beginTime = beginTime
        self.endTime = endTime
        self.durationSeconds = durationSeconds
        self.fileCount = fileCount
        self.fileSize = fileSize
        self.uploadedSize = uploadedSize
        self.storageSize = storageSize
        self.versions = versions
        self.warnings = warnings
        self.errors = errors
        self.messages = messages
        self.status = status
        scheduledSeconds = 0
        self.nextScheduledRun = nextScheduledRun
    }
}

extension ParsedRun {
    /// The index fields a stored run carries, each name declared here once: short, because every
    /// log line and snapshot entry repeats them.
    enum IndexKey: String, CaseIterable {
        case serverId = "s"
        case backupName = "b"
        case status = "st"
        case beginTime = "t"
        case endTime = "e"
        case durationSeconds = "d"
        case fileCount = "fc"
        case fileSize = "fs"
        case uploadedSize = "us"
        case storageSize = "ss"
        case versions = "v"
        case warnings = "w"
        case errors = "er"
        case messages = "m"
        case nextScheduledRun = "ns"
    }
}

extension ParsedRun: StoreRecord {
    /// The index that groups runs by job (`"<serverId>:<backupName>"`), ordered by begin time; a
    /// server's runs are its jobs' partitions merged (`StoreView.scanRuns(ofServer:)`), which saves
    /// a second index entry per run.
    static let byJob = "byJob"

    package static let collection = "runs"

    package var storeKey: String { id }

    package var indexFields: IndexFields {
        typealias Key = IndexKey
        var fields = IndexFields([
            Key.backupName.rawValue: .string(backupName), Key.durationSeconds.rawValue: .double(durationSeconds),
            Key.endTime.rawValue: .int(endTime), Key.errors.rawValue: .int(errors), Key.fileCount.rawValue: .int(fileCount),
            Key.fileSize.rawValue: .int(fileSize), Key.messages.rawValue: .int(messages), Key.serverId.rawValue: .string(serverId),
            Key.storageSize.rawValue: .int(storageSize), Key.status.rawValue: .string(status.rawValue),
            Key.beginTime.rawValue: .int(beginTime), Key.uploadedSize.rawValue: .int(uploadedSize),
            Key.versions.rawValue: .int(versions), Key.warnings.rawValue: .int(warnings),
        ])
        // Only runs that carry Duplicati's schedule pay for the field.
        if let next = nextScheduledRun { fields[Key.nextScheduledRun.rawValue] = .int(next) }
        return fields
    }

    /// `Extra["next-scheduled-run"]` as an instant, when the report carried one.
    var nextScheduledRun: Int64? {
        extra[DuplicatiSchedule.extraKey].flatMap(DuplicatiSchedule.parse)
    }

    package static func summary(key: String, fields: IndexFields) -> RunSummary {
        // Read in the fields' (name) order: each is then found at the reader's next position.
        var reader = fields.reader()
        let durationSeconds = reader.double(IndexKey.durationSeconds)  // d
        let endTime = reader.int(IndexKey.endTime)  // e
        let errors = reader.int(IndexKey.errors)  // er
        let fileCount = reader.int(IndexKey.fileCount)  // fc
        let fileSize = reader.int(IndexKey.fileSize)  // fs
        let messages = reader.int(IndexKey.messages)  // m
        let nextScheduledRun = reader.int(IndexKey.nextScheduledRun)  // ns
        let storageSize = reader.int(IndexKey.storageSize)  // ss
        let status = reader.string(IndexKey.status)  // st
        let beginTime = reader.int(IndexKey.beginTime)  // t
        let uploadedSize = reader.int(IndexKey.uploadedSize)  // us
        let versions = reader.int(IndexKey.versions)  // v
        let warnings = reader.int(IndexKey.warnings)  // w
        return RunSummary(
            beginTime: beginTime ?? 0,
            endTime: endTime ?? 0,
            durationSeconds: durationSeconds ?? 0,
            fileCount: fileCount ?? 0,
            fileSize: fileSize ?? 0,
            uploadedSize: uploadedSize ?? 0,
            storageSize: storageSize ?? 0,
            versions: Int32(clamping: versions ?? 0),
            warnings: Int32(clamping: warnings ?? 0),
            errors: Int32(clamping: errors ?? 0),
            messages: Int32(clamping: messages ?? 0),
            status: status.flatMap(Status.init(rawValue:)) ?? .unknown,
            nextScheduledRun: nextScheduledRun
        )
    }

    /// The key of a job: `"<serverId>:<backupName>"` (split on the first `:`).
    static func jobKey(serverId: String, backupName: String) -> String {
        // Room for the whole key first: `serverId + ":" + backupName` made a 32-digit machine-id's
        // key in two allocations, and the commit thread makes one for every run it indexes.
        var key = String()
        key.reserveCapacity(serverId.utf8.count + 1 + backupName.utf8.count)
        key += serverId
        key += ":"
        key += backupName
        return key
    }

    /// The server part of a job key: everything before its first `:`.
    static func serverId(ofJobKey key: String) -> Substring { key.prefix { $0 != ":" } }

    /// The secondary indexes runs are stored with.
    static var indexes: [IndexDefinition] {
        [
            IndexDefinition(
                byJob,
                partition: { fields in
                    guard let server = fields.string(IndexKey.serverId), let backup = fields.string(IndexKey.backupName) else {
                        return nil
                    }
                    return jobKey(serverId: server, backupName: backup)
                },
                sortKey: { $0.int(IndexKey.beginTime) ?? 0 }
            )
        ]
    }
}
