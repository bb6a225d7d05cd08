import FlatStore

/// When a job's overdue notification was last sent and when it was last checked (`monitoring.md` §3).
struct OverdueStateRecord: StoreRecord {
    /// The in-memory form.
    struct State: Sendable, Equatable {
        /// When the last overdue notification went out (epoch ms).
        var lastNotificationSent: Int64?
        /// When the job was last checked (epoch ms).
        var lastOverdueCheck: Int64?
    }

    typealias Summary = State

    static let collection = "overduestate"

    /// `"<serverId>:<backupName>"`.
    var key: String
    @StoredOptionalTime var lastNotificationSent: Int64?
    @StoredOptionalTime var lastOverdueCheck: Int64?

    /// The record of `state` for the job `key`.
    init(key: String, _ state: State) {
        self.key = key
        lastNotificationSent = state.lastNotificationSent
        lastOverdueCheck = state.lastOverdueCheck
    }

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case sent = "n"
        case checked = "c"
    }

    var storeKey: String { key }

    var indexFields: IndexFields {
        var fields = IndexFields()
        if let lastNotificationSent { fields[IndexKey.sent.rawValue] = .int(lastNotificationSent) }
        if let lastOverdueCheck { fields[IndexKey.checked.rawValue] = .int(lastOverdueCheck) }
        return fields
    }

    static func summary(key: String, fields: IndexFields) -> State {
        State(lastNotificationSent: fields.int(IndexKey.sent.rawValue), lastOverdueCheck: fields.int(IndexKey.checked.rawValue))
    }
}
