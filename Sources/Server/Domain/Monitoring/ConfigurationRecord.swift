import FlatStore

/// One section of the global configuration (ntfy, e-mail, templates …) as JSON text, kept in
/// memory so the overdue verdicts and notifications read it without touching the disk.
struct ConfigurationRecord: StoreRecord {
    typealias Summary = String

    static let collection = "configuration"

    /// The section's name.
    var section: String
    /// The section as JSON (secrets inside it are sealed, never plain).
    var json: String

    /// Index field names.
    enum IndexKey: String, CaseIterable {
        case json = "j"
    }

    var storeKey: String { section }
    var indexFields: IndexFields { IndexFields([IndexKey.json.rawValue: .string(json)]) }

    static func summary(key: String, fields: IndexFields) -> String { fields.string(IndexKey.json.rawValue) ?? "{}" }
}

/// The sections of the global configuration.
enum ConfigurationSection: String, Sendable, CaseIterable {
    case ntfy, email, webhook, templates, overdue, display, cron
}
