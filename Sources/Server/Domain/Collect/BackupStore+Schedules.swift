import FoundationEssentials

extension BackupStore {
    /// Takes each collected job's Duplicati schedule (repeat, weekdays, time) into its backup
    /// settings, created with defaults where none exist; returns how many jobs got one.
    ///
    /// The schedule counts as configured: it is the one Duplicati runs the job by, so it wins over
    /// an inferred interval.
    func importSchedules(of jobs: [CollectedJob], serverId: String, now: Int64) async throws -> Int {
        let stored = allSettings()
        var changes: [String: BackupSettings] = [:]
        for job in jobs {
            guard let schedule = job.schedule, let interval = schedule.repeatInterval.flatMap(ScheduleInterval.init) else { continue }
            let key = ParsedRun.jobKey(serverId: serverId, backupName: job.name)
            var settings = stored[key] ?? BackupSettings.defaults(firstRun: now)
            settings.expectedInterval = interval
            settings.allowedWeekDays = Self.allowedWeekDays(schedule.rule)
            if let time = schedule.time.flatMap({ ReportTimestamp.parseISO($0)?.epochMilliseconds }) { settings.time = time }
            settings.scheduleConfigured = true
            changes[key] = settings
        }
        try await saveSettings(changes)
        return changes.count
    }

    /// The weekdays (0 = Sunday) of a Duplicati schedule rule such as
    /// `AllowedWeekDays=Monday,Tuesday;…`; every day when the rule names none.
    static func allowedWeekDays(_ rule: String?) -> Set<Int> {
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        guard let rule, let part = rule.split(separator: ";").first(where: { $0.hasPrefix("AllowedWeekDays=") }) else {
            return Set(0...6)
        }
        let days = part.dropFirst("AllowedWeekDays=".count).split(separator: ",").compactMap { name in
            names.firstIndex(of: ReportText.trimmed(name).lowercased())
        }
        return days.isEmpty ? Set(0...6) : Set(days)
    }
}
