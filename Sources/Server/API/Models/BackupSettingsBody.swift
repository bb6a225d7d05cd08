/// One job's settings as sent to `configuration/backup-settings`: every field optional.
struct BackupSettingsBody: Decodable, Sendable {
    var notificationEvent: String?
    var ntfyEnabled: Bool?
    var emailEnabled: Bool?
    var webhookEnabled: Bool?
    var overdueBackupCheckEnabled: Bool?
    var expectedInterval: String?
    var allowedWeekDays: [Int]?
    var time: String?
    /// False returns the job to the automatic expectation (Duplicati's schedule or the inferred one).
    var scheduleConfigured: Bool?

    /// `current` with the sent fields applied; the field named in a 400 is `<key>.<field>`.
    /// Setting the interval, weekdays or time makes the schedule `configured`.
    func applied(to current: BackupSettings, key: String) throws -> BackupSettings {
        var settings = current
        let field = { (name: String) in "\(key.prefix(120)).\(name)" }
        if let notificationEvent {
            guard let event = BackupSettings.NotificationEvent(rawValue: notificationEvent) else {
                throw invalidField(field("notificationEvent"), "must be all, warnings, errors or off")
            }
            settings.notificationEvent = event
        }
        if let ntfyEnabled { settings.ntfyEnabled = ntfyEnabled }
        if let emailEnabled { settings.emailEnabled = emailEnabled }
        if let webhookEnabled { settings.webhookEnabled = webhookEnabled }
        if let overdueBackupCheckEnabled { settings.overdueBackupCheckEnabled = overdueBackupCheckEnabled }
        if let expectedInterval {
            guard let interval = ScheduleInterval(expectedInterval) else {
                // "1d" is the usual slip: units are case-sensitive, as `m` (minutes) and `M` (months) differ.
                let hint = expectedInterval.contains(where: { "dwy".contains($0) }) ? "; D, W, M and Y are upper case" : ""
                throw invalidField(
                    field("expectedInterval"),
                    "must be <number><unit> tokens with units s m h D W M Y (e.g. 1D, 6h), each above 0\(hint)"
                )
            }
            settings.expectedInterval = interval
            settings.scheduleConfigured = true
        }
        if let allowedWeekDays {
            guard allowedWeekDays.allSatisfy((0...6).contains) else {
                throw invalidField(field("allowedWeekDays"), "must hold weekdays 0 (Sunday) to 6 (Saturday)")
            }
            settings.allowedWeekDays = allowedWeekDays.isEmpty ? Set(0...6) : Set(allowedWeekDays)
            settings.scheduleConfigured = true
        }
        if let time {
            guard let stamp = ReportTimestamp.parseISO(time), stamp.year >= 2000, stamp.year < 3000 else {
                throw invalidField(field("time"), "must be an ISO 8601 time such as 2025-01-02T14:00:00Z")
            }
            settings.time = stamp.epochMilliseconds
            settings.scheduleConfigured = true
        }
        if let scheduleConfigured { settings.scheduleConfigured = scheduleConfigured }
        return settings
    }
}
