/// The template variables of `monitoring.md` §6 and their formatting.
enum NotificationVariables {
    /// The server variables.
    static func server(_ server: ServerRecord) -> [String: String] {
        [
            "server_id": server.id, "server_name": server.name, "server_alias": server.alias.isEmpty ? server.name : server.alias,
            "server_note": server.note, "server_url": server.serverUrl,
        ]
    }

    /// The variables of a stored run.
    static func backup(_ run: ParsedRun, server: ServerRecord) -> [String: String] {
        var variables = Self.server(server)
        variables["backup_name"] = run.backupName
        variables.merge(RunFigures(run).variables) { _, figure in figure }
        let problems = run.logs.warnings + run.logs.errors
        variables["log_text"] = logText(problems.isEmpty ? run.logs.messages : problems)
        return variables
    }

    /// `log_text`: whole lines, at most 20 and about 2,000 characters, and how many more there are.
    ///
    /// Cut at a character count, a notification ended in the middle of a line without saying that
    /// anything was left out. A line that does not fit is cut and marked when at least 80
    /// characters are left for it (it is often the error itself), else left out.
    static func logText(_ lines: [String], maxLines: Int = 20, maxCharacters: Int = 2_000) -> String {
        var kept: [String] = []
        var characters = 0
        for line in lines.prefix(maxLines) {
            let separator = kept.isEmpty ? 0 : 1
            if characters + separator + line.count > maxCharacters {
                let room = maxCharacters - characters - separator
                if room >= 80 { kept.append(String(line.prefix(room - 1)) + "…") }
                break
            }
            kept.append(line)
            characters += separator + line.count
        }
        let left = lines.count - kept.count
        if left > 0 { kept.append("… and \(left) more line\(left == 1 ? "" : "s")") }
        return kept.joined(separator: "\n")
    }

    /// The variables of an overdue job: the server's, its latest run's figures (monitoring.md §6:
    /// "the server and backup ones"; `log_text` stays empty, the job's summary has no log lines),
    /// and the overdue ones.
    static func overdue(_ job: JobState, server: ServerRecord, now: Int64) -> [String: String] {
        var variables = Self.server(server)
        variables["backup_name"] = job.backupName
        variables.merge(RunFigures(job.lastRun).variables) { _, figure in figure }
        variables["log_text"] = ""
        variables["last_backup_date"] = date(job.lastRun.beginTime)
        variables["last_elapsed"] = elapsed(now - job.lastRun.beginTime)
        variables["expected_date"] = date(job.verdict.expectedAt)
        variables["expected_elapsed"] = elapsed(now - job.verdict.expectedAt)
        variables["backup_interval"] = job.verdict.interval?.description ?? "Duplicati schedule"
        variables["overdue_tolerance"] = job.verdict.tolerance.label
        return variables
    }

    /// The figures of a run that the backup variables show, from a stored run or a job's summary
    /// of its latest one.
    struct RunFigures {
        var beginTime: Int64
        var status: ParsedRun.Status
        var durationSeconds: Double
        var fileCount, fileSize, uploadedSize, storageSize, versions, messages, warnings, errors: Int64

        /// The figures of a stored run.
        init(_ run: ParsedRun) {
            (beginTime, status, durationSeconds) = (run.beginTime, run.status, run.durationSeconds)
            (fileCount, fileSize, uploadedSize, storageSize) = (run.fileCount, run.fileSize, run.uploadedSize, run.storageSize)
            (versions, messages, warnings, errors) = (run.versions, run.messages, run.warnings, run.errors)
        }

        /// The figures of a job's summary of its latest run.
        init(_ run: RunSummary) {
            (beginTime, status, durationSeconds) = (run.beginTime, run.status, run.durationSeconds)
            (fileCount, fileSize, uploadedSize, storageSize) = (run.fileCount, run.fileSize, run.uploadedSize, run.storageSize)
            (versions, messages, warnings, errors) = (Int64(run.versions), Int64(run.messages), Int64(run.warnings), Int64(run.errors))
        }

        /// `backup_date`, `status`, `duration` and the counts and sizes, formatted.
        var variables: [String: String] {
            [
                "backup_date": NotificationVariables.date(beginTime), "status": status.rawValue,
                "duration": NotificationVariables.duration(Int64(durationSeconds.rounded(.down))), "file_count": String(fileCount),
                "file_size": NotificationVariables.size(fileSize), "uploaded_size": NotificationVariables.size(uploadedSize),
                "storage_size": NotificationVariables.size(storageSize), "available_versions": String(versions),
                "messages_count": String(messages), "warnings_count": String(warnings), "errors_count": String(errors),
            ]
        }
    }

    /// `1.5 GB`: base 1024, up to two decimals.
    static func size(_ bytes: Int64) -> String {
        let units = ["Bytes", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(max(0, bytes))
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let hundredths = Int64((value * 100).rounded())
        var text = String(hundredths / 100)
        let fraction = hundredths % 100
        if fraction != 0 {
            text += "." + (fraction % 10 == 0 ? String(fraction / 10) : ReportText.pad(fraction, to: 2))
        }
        return text + " " + units[unit]
    }

    /// `1h 2m 3s`, leading zero parts dropped (`0s` for nothing).
    static func duration(_ seconds: Int64) -> String {
        let parts = [(seconds / 3600, "h"), (seconds / 60 % 60, "m"), (seconds % 60, "s")]
        let shown = parts.drop { $0.0 == 0 }
        return shown.isEmpty ? "0s" : shown.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }

    /// `2025-07-02 03:00 UTC`, in the configured time zone.
    static func date(_ ms: Int64) -> String {
        DisplayTimeZone.current.format(ms)
    }

    /// `3 hours ago`, `in 5 minutes`.
    static func elapsed(_ ms: Int64) -> String {
        let seconds = abs(ms) / 1000
        let (count, unit): (Int64, String) =
            seconds >= 86_400
            ? (seconds / 86_400, "day")
            : seconds >= 3_600
                ? (seconds / 3_600, "hour")
                : seconds >= 60 ? (seconds / 60, "minute") : (seconds, "second")
        let text = "\(count) \(unit)\(count == 1 ? "" : "s")"
        return ms >= 0 ? text + " ago" : "in " + text
    }

    /// Every variable (the test notification replaces each by its own name; the settings page lists them).
    static let names = runNames + overdueNames
    /// The variables of every notification.
    static let runNames = [
        "server_id", "server_name", "server_alias", "server_note", "server_url", "backup_name", "backup_date", "status",
        "duration", "file_count", "file_size", "uploaded_size", "storage_size", "available_versions", "messages_count",
        "warnings_count", "errors_count", "log_text",
    ]
    /// The variables only an overdue notification fills.
    static let overdueNames = ["last_backup_date", "last_elapsed", "expected_date", "expected_elapsed", "backup_interval", "overdue_tolerance"]
}

extension NotificationTemplate {
    /// The template rendered with `variables` for `event`.
    func render(_ variables: [String: String], event: String) -> OutgoingNotification {
        OutgoingNotification(
            event: event,
            title: TemplateRenderer.render(title, variables),
            message: TemplateRenderer.render(message, variables),
            priority: priority,
            tags: tags,
            server: variables["server_name"],
            backup: variables["backup_name"],
            status: variables["status"]
        )
    }
}
