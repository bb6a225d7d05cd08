/// One job's monitoring settings (`monitoring.md` §1), keyed `"<serverId>:<backupName>"`.
struct BackupSettings: Sendable, Equatable {
    /// Which new runs notify.
    enum NotificationEvent: String, Sendable, CaseIterable, Codable {
        case all, warnings, errors, off
    }

    /// Which new runs notify; `warnings` by default.
    var notificationEvent: NotificationEvent = .warnings
    /// Whether ntfy may be used for this job.
    var ntfyEnabled = true
    /// Whether e-mail may be used for this job.
    var emailEnabled = true
    /// Whether the webhook may be used for this job.
    var webhookEnabled = true
    /// Whether the job is checked for being overdue.
    var overdueBackupCheckEnabled = true
    /// The repeat interval.
    var expectedInterval = ScheduleInterval.oneDay
    /// Weekdays a run may be expected on (0 = Sunday); empty means every day.
    var allowedWeekDays: Set<Int> = Set(0...6)
    /// The schedule's anchor (epoch ms): its time of day carries the schedule.
    var time: Int64
    /// Whether a person set the schedule (interval, weekdays or time) explicitly; only then does
    /// it take precedence over Duplicati's own `next-scheduled-run` and the inferred interval.
    var scheduleConfigured = false

    /// The defaults for a job first seen with a run that began at `firstRun` (epoch ms).
    static func defaults(firstRun: Int64) -> BackupSettings {
        BackupSettings(time: firstRun + UTCCalendar.dayMs)
    }

    /// These settings (the merge target's) after a merge brings `other`'s for the same job.
    ///
    /// What a person chose wins over what nobody chose: settings still at the defaults give way to
    /// `other` entirely, and a schedule only inferred or taken from Duplicati gives way to one
    /// `other` was given. A merge usually moves an old server's history into the id that now
    /// uploads, whose settings were made with its first run; the schedule set on the old one
    /// must not be lost without a word.
    func merged(with other: BackupSettings) -> BackupSettings {
        if isUntouched { return other }
        guard !scheduleConfigured, other.scheduleConfigured else { return self }
        var merged = self
        merged.expectedInterval = other.expectedInterval
        merged.allowedWeekDays = other.allowedWeekDays
        merged.time = other.time
        merged.scheduleConfigured = true
        return merged
    }

    /// Whether every setting is still the default (whatever the first run's time).
    var isUntouched: Bool {
        var defaults = BackupSettings.defaults(firstRun: 0)
        defaults.time = time
        return self == defaults
    }

    /// The channel switches of this job.
    func allows(_ channel: NotificationChannel) -> Bool {
        switch channel {
        case .ntfy: ntfyEnabled
        case .email: emailEnabled
        case .webhook: webhookEnabled
        }
    }

    /// Whether a run with `status`, `errors` ends up notified under `notificationEvent`.
    func notifies(status: ParsedRun.Status, errors: Int64) -> Bool {
        switch notificationEvent {
        case .all: true
        case .warnings: status != .success
        case .errors: status == .error || status == .fatal || errors > 0
        case .off: false
        }
    }

    /// The first slot of this schedule strictly after `lastBackup` (epoch ms), weekdays applied:
    /// the run expected next (`monitoring.md` §2).
    func nextSlot(after lastBackup: Int64) -> Int64 {
        NextRun.after(lastBackup: lastBackup, anchor: time, interval: expectedInterval, allowedWeekDays: allowedWeekDays)
    }

    /// The anchor moved on by whole intervals past `lastBackup`, before weekdays are applied: what
    /// `time` is answered as after that run. It anchors the same schedule (the same slots follow),
    /// where the weekday-adjusted slot would not for an interval other than a day.
    func anchorStep(after lastBackup: Int64) -> Int64 {
        NextRun.anchorStep(after: lastBackup, anchor: time, interval: expectedInterval)
    }

    /// Whether `other` changes what the overdue check expects (interval, weekdays, the switch,
    /// whether the schedule is the job's own, or a time off this schedule's steps). Settings read
    /// with their time moved on (`anchorStep`) and sent back unchanged change nothing.
    func changesSchedule(comparedTo other: BackupSettings) -> Bool {
        guard expectedInterval == other.expectedInterval, allowedWeekDays == other.allowedWeekDays,
            overdueBackupCheckEnabled == other.overdueBackupCheckEnabled, scheduleConfigured == other.scheduleConfigured
        else { return true }
        guard time != other.time else { return false }
        // Both anchors stepped to the later one (a step comes 1 s after a run at the earliest): the
        // same instant when they are steps of one schedule.
        let justBefore = max(time, other.time) - 1_001
        return anchorStep(after: justBefore) != other.anchorStep(after: justBefore)
    }
}

/// The channels a notification can go out on.
enum NotificationChannel: String, Sendable, CaseIterable, Codable {
    case ntfy, email, webhook
}
