import FlatStore

/// A job's `BackupSettings` as stored: every field is an index field, so the overdue verdicts of
/// the dashboard read them from memory.
struct JobSettingsRecord: StoreRecord {
    typealias Summary = BackupSettings

    static let collection = "jobsettings"

    /// `"<serverId>:<backupName>"`.
    var key: String
    /// The settings.
    var notificationEvent: String
    var ntfyEnabled: Bool
    var emailEnabled: Bool
    var webhookEnabled: Bool
    var overdueBackupCheckEnabled: Bool
    var expectedInterval: String
    var allowedWeekDays: [Int]
    @StoredTime var time: Int64
    var scheduleConfigured: Bool

    /// The record of `settings` for the job `key`.
    init(key: String, _ settings: BackupSettings) {
        self.key = key
        notificationEvent = settings.notificationEvent.rawValue
        ntfyEnabled = settings.ntfyEnabled
        emailEnabled = settings.emailEnabled
        webhookEnabled = settings.webhookEnabled
        overdueBackupCheckEnabled = settings.overdueBackupCheckEnabled
        expectedInterval = settings.expectedInterval.description
        allowedWeekDays = settings.allowedWeekDays.sorted()
        time = settings.time
        scheduleConfigured = settings.scheduleConfigured
    }

    /// Index field names, short because every line repeats them.
    enum IndexKey: String, CaseIterable {
        case event = "ev"
        case channels = "ch"
        case interval = "iv"
        case weekDays = "wd"
        case time = "t"
        case configured = "cf"
    }

    var storeKey: String { key }

    var indexFields: IndexFields {
        let channels = (ntfyEnabled ? 1 : 0) | (emailEnabled ? 2 : 0) | (webhookEnabled ? 4 : 0) | (overdueBackupCheckEnabled ? 8 : 0)
        let days = allowedWeekDays.reduce(0) { $0 | (1 << $1) }
        return IndexFields([
            IndexKey.event.rawValue: .string(notificationEvent), IndexKey.channels.rawValue: .int(Int64(channels)),
            IndexKey.interval.rawValue: .string(expectedInterval), IndexKey.weekDays.rawValue: .int(Int64(days)),
            IndexKey.time.rawValue: .int(time), IndexKey.configured.rawValue: .bool(scheduleConfigured),
        ])
    }

    /// Rebuilds the settings; a damaged field falls back to its default so one bad entry never
    /// stops the checks of the others.
    static func summary(key: String, fields: IndexFields) -> BackupSettings {
        let channels = fields.int(IndexKey.channels.rawValue) ?? 15
        let days = fields.int(IndexKey.weekDays.rawValue) ?? 127
        return BackupSettings(
            notificationEvent: fields.string(IndexKey.event.rawValue).flatMap(BackupSettings.NotificationEvent.init(rawValue:))
                ?? .warnings,
            ntfyEnabled: channels & 1 != 0,
            emailEnabled: channels & 2 != 0,
            webhookEnabled: channels & 4 != 0,
            overdueBackupCheckEnabled: channels & 8 != 0,
            expectedInterval: fields.string(IndexKey.interval.rawValue).flatMap(ScheduleInterval.init) ?? .oneDay,
            allowedWeekDays: Set((0...6).filter { days & (1 << $0) != 0 }),
            time: fields.int(IndexKey.time.rawValue) ?? 0,
            scheduleConfigured: fields.bool(IndexKey.configured.rawValue) ?? false
        )
    }
}

extension JobSettingsRecord {
    /// The body, byte for byte what `JSONEncoder` writes with sorted keys: every job's first
    /// upload writes one, so it skips the encoder as the run's own records do.
    func canonicalBody() throws(StoreError) -> [UInt8] {
        var json = CanonicalJSONWriter(capacity: 320)
        json.beginObject()
        json.key("allowedWeekDays")
        json.beginArray()
        for day in allowedWeekDays { json.int(Int64(day)) }
        json.endArray()
        json.key("emailEnabled")
        json.bool(emailEnabled)
        json.key("expectedInterval")
        json.string(expectedInterval)
        json.key("key")
        json.string(key)
        json.key("notificationEvent")
        json.string(notificationEvent)
        json.key("ntfyEnabled")
        json.bool(ntfyEnabled)
        json.key("overdueBackupCheckEnabled")
        json.bool(overdueBackupCheckEnabled)
        json.key("scheduleConfigured")
        json.bool(scheduleConfigured)
        json.key("time")
        json.isoTimestamp(epochMilliseconds: time)
        json.key("webhookEnabled")
        json.bool(webhookEnabled)
        json.endObject()
        return json.bytes
    }
}
