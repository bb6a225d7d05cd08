extension LegacySettings {
    /// Reads the `configurations` rows (key → value text); `servers` resolves job keys, which name
    /// a machine id (0.7 and later) or a machine name (before 0.7).
    package init(configurations: [String: String], servers: [LegacyServer]) {
        self.init()
        for (key, text) in configurations.sorted(by: { $0.key < $1.key }) {
            let value = try? ReportJSONParser.parse(Array(text.utf8))
            switch key {
            case "overdue_tolerance":
                overdueTolerance = value?.stringValue ?? text
            case "notification_frequency":
                notificationFrequency = value?.stringValue ?? text
            case "cron_service":
                cronService = value ?? .string(text)
            case "ntfy_config":
                ntfy = value?.objectValue.map(Self.ntfy)
            case "notification_templates":
                templates = value?.objectValue.map(Self.templates) ?? [:]
            case "notifications":
                // Before 0.8 one key held ntfy, the templates and (empty) backup settings.
                let members = value?.objectValue ?? [:]
                ntfy = members["ntfy"]?.objectValue.map(Self.ntfy)
                templates = members["templates"]?.objectValue.map(Self.templates) ?? [:]
            case "backup_settings":
                readJobs(value?.objectValue ?? [:], servers: servers)
            case "email_config", "smtp_config":
                email = value?.objectValue.map(Self.email)
            default:
                unknownKeys.append(key)
                continue
            }
            if value == nil, !["overdue_tolerance", "notification_frequency"].contains(key) { unreadableKeys.append(key) }
        }
    }

    /// The ntfy settings of an object.
    static func ntfy(_ members: ReportObject) -> Ntfy {
        Ntfy(
            url: members["url"]?.stringValue ?? "",
            topic: members["topic"]?.stringValue ?? "",
            accessToken: members["accessToken"]?.stringValue ?? ""
        )
    }

    /// The templates of an object, by kind.
    static func templates(_ members: ReportObject) -> [String: Template] {
        members.compactMapValues { value in
            guard let fields = value.objectValue else { return nil }
            return Template(
                title: fields["title"]?.stringValue ?? "",
                message: fields["message"]?.stringValue ?? "",
                priority: fields["priority"]?.stringValue ?? "",
                tags: fields["tags"]?.stringValue ?? ""
            )
        }
    }

    /// The e-mail settings of an object, without its password.
    static func email(_ members: ReportObject) -> Email {
        var fields = members
        let password = fields.removeValue(forKey: "password")
        return Email(fields: fields, hadPassword: password.flatMap(\.stringValue).map { !$0.isEmpty } ?? false)
    }

    /// The per-job settings, keyed `"<machine id or name>:<backup name>"`.
    mutating func readJobs(_ members: ReportObject, servers: [LegacyServer]) {
        let ids = Set(servers.map(\.id))
        for (key, value) in members {
            guard let split = key.firstIndex(of: ":"), let fields = value.objectValue else {
                unmatchedJobKeys.append(key)
                continue
            }
            let prefix = String(key[..<split])
            let backupName = String(key[key.index(after: split)...])
            let byName = servers.filter { $0.name == prefix }.min { $0.id < $1.id }
            guard let serverId = ids.contains(prefix) ? prefix : byName?.id else {
                unmatchedJobKeys.append(key)
                continue
            }
            var interval = fields["expectedInterval"].flatMap { $0.stringValue ?? $0.int64Value.map(String.init) }
            if let unit = fields["intervalUnit"]?.stringValue, let number = interval { interval = "\(number) \(unit)" }
            jobs.append(
                JobSettings(
                    serverId: serverId,
                    backupName: backupName,
                    keyedByName: !ids.contains(prefix),
                    notificationEvent: fields["notificationEvent"]?.stringValue,
                    overdueCheckEnabled: fields["overdueBackupCheckEnabled"].flatMap(Self.bool),
                    expectedInterval: interval,
                    allowedWeekDays: fields["allowedWeekDays"]?.arrayValue?.compactMap(\.int64Value),
                    time: fields["time"]?.stringValue,
                    ntfyEnabled: fields["ntfyEnabled"].flatMap(Self.bool),
                    emailEnabled: fields["emailEnabled"].flatMap(Self.bool)
                )
            )
        }
        jobs.sort { ($0.serverId, $0.backupName) < ($1.serverId, $1.backupName) }
        unmatchedJobKeys.sort()
    }

    /// A JSON boolean.
    static func bool(_ value: ReportJSON) -> Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// One line per part that this product has no home for yet, for the import's summary.
    package var notImportedYet: [String] {
        var lines: [String] = []
        if let ntfy { lines.append("ntfy (\(ntfy.url) topic \(ntfy.topic))") }
        if let email {
            lines.append("e-mail (\(email.fields.keys.sorted().joined(separator: ", ")))")
        }
        if !templates.isEmpty { lines.append("notification templates (\(templates.keys.sorted().joined(separator: ", ")))") }
        if !jobs.isEmpty {
            let byName = jobs.filter(\.keyedByName).count
            lines.append("per-job backup settings (\(jobs.count) jobs\(byName > 0 ? ", \(byName) keyed by machine name" : ""))")
        }
        if let overdueTolerance { lines.append("overdue tolerance (\(overdueTolerance))") }
        if let notificationFrequency { lines.append("notification frequency (\(notificationFrequency))") }
        if cronService != nil { lines.append("overdue check schedule (cron_service)") }
        return lines
    }
}
