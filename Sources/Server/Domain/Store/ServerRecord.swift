import FlatStore

/// One Duplicati installation: its machine id and name, and what the user set for it.
struct ServerRecord: StoreRecord, Equatable {
    typealias Summary = ServerRecord

    static let collection = "servers"

    /// The longest alias, note and Duplicati URL kept, in Unicode scalars (the page's form counts
    /// alike): every page and `/metrics` repeat them, so one megabyte-long alias would slow them all.
    static let longest = (alias: 200, note: 2_000, serverUrl: 500)

    /// `Extra["machine-id"]`.
    var id: String
    /// `Extra["machine-name"]`, the latest one reported.
    var name: String
    /// A display name the user chose.
    var alias: String = ""
    /// A free-text note.
    var note: String = ""
    /// The Duplicati server's web address, for collecting history.
    var serverUrl: String = ""
    /// When the first run was received (epoch ms).
    @StoredTime var firstSeen: Int64
    /// When the latest run was received (epoch ms).
    @StoredTime var lastSeen: Int64

    /// The index fields of a server, each name declared here once.
    enum IndexKey: String, CaseIterable {
        case name, alias, note, serverUrl, firstSeen, lastSeen
    }

    var storeKey: String { id }

    var indexFields: IndexFields {
        IndexFields([
            IndexKey.alias.rawValue: .string(alias), IndexKey.firstSeen.rawValue: .int(firstSeen),
            IndexKey.lastSeen.rawValue: .int(lastSeen), IndexKey.name.rawValue: .string(name),
            IndexKey.note.rawValue: .string(note), IndexKey.serverUrl.rawValue: .string(serverUrl),
        ])
    }

    static func summary(key: String, fields: IndexFields) -> ServerRecord {
        ServerRecord(
            id: key,
            name: fields.string(IndexKey.name) ?? key,
            alias: fields.string(IndexKey.alias) ?? "",
            note: fields.string(IndexKey.note) ?? "",
            serverUrl: fields.string(IndexKey.serverUrl) ?? "",
            firstSeen: fields.int(IndexKey.firstSeen) ?? 0,
            lastSeen: fields.int(IndexKey.lastSeen) ?? 0
        )
    }
}

/// Fleet-wide totals kept up to date on every write, so `summary` never scans runs.
struct FleetTotals: Sendable, Equatable {
    /// Bytes uploaded by every stored run.
    var uploadedSize: Int64 = 0

    /// Moves the totals from a run's old summary to its new one.
    ///
    /// Wrapping arithmetic: exact whenever the true total fits in 64 bits (removing a run takes
    /// back exactly what adding it added), and never a trap while a store is opened, whatever
    /// figures an older version stored.
    mutating func apply(_ change: RecordChange<RunSummary>) {
        if let old = change.old { uploadedSize &-= old.uploadedSize }
        if let new = change.new { uploadedSize &+= new.uploadedSize }
    }
}

/// When a server was last heard from (epoch ms), written with every upload.
///
/// Kept apart from `ServerRecord` so an upload never rewrites the user's alias, note or URL:
/// this record is only ever overwritten whole, with no read-modify-write to race an edit.
struct ServerSeenRecord: StoreRecord {
    typealias Summary = Int64

    static let collection = "serverseen"

    /// The server's id.
    var id: String
    /// When its latest report arrived (epoch ms).
    @StoredTime var lastSeen: Int64

    /// The one index field: when the latest report arrived.
    enum IndexKey: String, CaseIterable {
        case lastSeen = "t"
    }

    var storeKey: String { id }
    var indexFields: IndexFields { IndexFields([IndexKey.lastSeen.rawValue: .int(lastSeen)]) }

    static func summary(key: String, fields: IndexFields) -> Int64 { fields.int(IndexKey.lastSeen) ?? 0 }
}
