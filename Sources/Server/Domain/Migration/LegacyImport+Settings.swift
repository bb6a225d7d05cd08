import FlatStore

extension LegacyImport {
    /// Stores the parts of the Node version's configuration this product has a home for — each
    /// job's backup settings, ntfy, the templates, the overdue tolerance and frequency — and takes them out of
    /// `report.settings`, so its summary lists only what stays behind.
    ///
    /// Nothing a person set here is overwritten: a job whose schedule is already configured, or a
    /// section already stored, is left alone; so a second migration writes nothing.
    package func importSettings(into report: inout LegacyImportReport) async throws {
        let now = clock.now()
        let stored = backups.allSettings()
        var changes: [String: BackupSettings] = [:]
        var remaining: [LegacySettings.JobSettings] = []
        for job in report.settings.jobs {
            let key = ParsedRun.jobKey(serverId: job.serverId, backupName: job.backupName)
            let current = stored[key]
            if current?.scheduleConfigured == true {
                report.settingsKept += 1
                continue
            }
            guard let settings = Self.settings(job, base: current ?? .defaults(firstRun: now)) else {
                remaining.append(job)
                continue
            }
            changes[key] = settings
        }
        try await backups.saveSettings(changes)
        report.settingsImported += changes.count
        report.settings.jobs = remaining

        // A section already set here (by the user, or by an earlier import) is left as it is, and
        // the summary says so rather than listing it as not imported.
        if let ntfy = report.settings.ntfy, !ntfy.topic.isEmpty {
            if backups.configuration(.ntfy, as: NtfyConfiguration.self) == nil {
                let token = ntfy.accessToken.isEmpty ? nil : try SecretBox(holder: backups.holder).seal(ntfy.accessToken)
                try await backups.saveConfiguration(.ntfy, NtfyConfiguration(url: ntfy.url, topic: ntfy.topic, accessToken: token))
                report.sectionsImported.append("ntfy")
            } else {
                report.sectionsKept.append("ntfy")
            }
            report.settings.ntfy = nil
        }
        if let templates = Self.templates(report.settings.templates) {
            if backups.configuration(.templates, as: NotificationTemplates.self) == nil {
                try await backups.saveConfiguration(.templates, templates)
                report.sectionsImported.append("notification templates")
            } else {
                report.sectionsKept.append("notification templates")
            }
            report.settings.templates = [:]
        }
        let tolerance = report.settings.overdueTolerance.flatMap(OverdueTolerance.init(rawValue:))
        let frequency = report.settings.notificationFrequency.flatMap(NotificationFrequency.init(rawValue:))
        if tolerance != nil || frequency != nil {
            if backups.configuration(.overdue, as: OverdueConfiguration.self) == nil {
                var overdue = OverdueConfiguration()
                if let tolerance { overdue.overdueTolerance = tolerance }
                if let frequency { overdue.notificationFrequency = frequency }
                try await backups.saveConfiguration(.overdue, overdue)
                report.sectionsImported.append("overdue tolerance and notification frequency")
            } else {
                report.sectionsKept.append("overdue tolerance and notification frequency")
            }
            if tolerance != nil { report.settings.overdueTolerance = nil }
            if frequency != nil { report.settings.notificationFrequency = nil }
        }
    }

    /// The templates the Node version kept (same placeholders), each kind it lacks left at this
    /// product's default; nil when it kept none.
    static func templates(_ legacy: [String: LegacySettings.Template]) -> NotificationTemplates? {
        guard !legacy.isEmpty else { return nil }
        var templates = NotificationTemplates.defaults
        func converted(_ kind: String, _ fallback: NotificationTemplate) -> NotificationTemplate {
            guard let old = legacy[kind] else { return fallback }
            let priority = NotificationTemplate.Priority(rawValue: old.priority.lowercased()) ?? fallback.priority
            return NotificationTemplate(title: old.title, message: old.message, priority: priority, tags: old.tags)
        }
        templates.success = converted("success", templates.success)
        templates.warning = converted("warning", templates.warning)
        templates.overdueBackup = converted("overdueBackup", templates.overdueBackup)
        return templates
    }

    /// `job`'s settings over `base`; nil when its interval cannot be read.
    static func settings(_ job: LegacySettings.JobSettings, base: BackupSettings) -> BackupSettings? {
        var settings = base
        if let text = job.expectedInterval {
            guard let interval = ScheduleInterval(text) ?? legacyInterval(text) else { return nil }
            settings.expectedInterval = interval
        }
        if let event = job.notificationEvent.flatMap(BackupSettings.NotificationEvent.init(rawValue:)) { settings.notificationEvent = event }
        if let enabled = job.overdueCheckEnabled { settings.overdueBackupCheckEnabled = enabled }
        if let days = job.allowedWeekDays { settings.allowedWeekDays = Set(days.map(Int.init).filter { (0...6).contains($0) }) }
        if let time = job.time.flatMap({ ReportTimestamp.parseISO($0)?.epochMilliseconds }) { settings.time = time }
        if let enabled = job.ntfyEnabled { settings.ntfyEnabled = enabled }
        if let enabled = job.emailEnabled { settings.emailEnabled = enabled }
        // Someone set this schedule in the Node version: it is the user's, as here.
        settings.scheduleConfigured = true
        return settings
    }

    /// Intervals as versions before 0.8 wrote them: a number and a unit ("1 day", "12 hours").
    static func legacyInterval(_ text: String) -> ScheduleInterval? {
        let words = text.lowercased().split(separator: " ")
        guard words.count == 2, let count = Int64(words[0]), count > 0 else { return nil }
        let units: [(String, String)] = [("minute", "m"), ("hour", "h"), ("day", "D"), ("week", "W"), ("month", "M"), ("year", "Y")]
        guard let unit = units.first(where: { words[1].hasPrefix($0.0) })?.1 else { return nil }
        return ScheduleInterval("\(count)\(unit)")
    }
}
