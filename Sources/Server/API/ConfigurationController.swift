import Hummingbird

/// The Configuration group (`api.md` §5): channels, per-job settings, templates, tolerance, display.
struct ConfigurationController: Sendable {
    let backups: BackupStore
    let secrets: SecretBox
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.configUnified, use: unified)
        group.on(.configNtfy) { _, _ in APIResponse.success(NtfyView(try await ntfy())) }
        group.on(.configNtfyUpdate, use: updateNtfy)
        group.on(.configNotifications, use: notifications)
        group.on(.configNotificationsUpdate, use: updateNotifications)
        group.on(.configEmail) { _, _ in APIResponse.success(EmailView(backups.configuration(.email, as: EmailConfiguration.self))) }
        group.on(.configEmailUpdate, use: updateEmail)
        group.on(.configEmailDelete, use: deleteEmail)
        group.on(.configEmailPassword, use: updatePassword)
        group.on(.configWebhook) { _, _ in APIResponse.success(WebhookView(backups.configuration(.webhook, as: WebhookConfiguration.self))) }
        group.on(.configWebhookUpdate, use: updateWebhook)
        group.on(.configTemplates) { _, _ in APIResponse.success(templates()) }
        group.on(.configTemplatesUpdate, use: updateTemplates)
        group.on(.configTemplateDefaults) { _, _ in APIResponse.success(NotificationTemplates.defaults) }
        group.on(.configOverdueTolerance) { _, _ in APIResponse.success(["overdueTolerance": overdue().overdueTolerance.rawValue]) }
        group.on(.configOverdueToleranceUpdate, use: updateTolerance)
        group.on(.configDisplay) { _, _ in
            APIResponse.success(backups.configuration(.display, as: DisplayConfiguration.self) ?? DisplayConfiguration())
        }
        group.on(.configDisplayUpdate, use: updateDisplay)
        BackupSettingsRoutes(backups: backups, clock: clock).addRoutes(to: group)
    }

    /// The stored ntfy configuration; the defaults (with a new random topic) are stored on first use
    /// so the topic stays the same.
    func ntfy() async throws -> NtfyConfiguration {
        if let stored = backups.configuration(.ntfy, as: NtfyConfiguration.self) { return stored }
        let fresh = NtfyConfiguration.standard()
        try await backups.saveConfiguration(.ntfy, fresh)
        return fresh
    }

    func overdue() -> OverdueConfiguration { backups.overdueConfiguration() }
    func templates() -> NotificationTemplates { backups.configuration(.templates, as: NotificationTemplates.self) ?? .defaults }

    /// `GET configuration/unified`: everything the settings page needs in one answer.
    @Sendable
    func unified(_ request: Request, context: AppRequestContext) async throws -> APIResponse<UnifiedConfigurationView> {
        let jobs = try backups.jobs(now: clock.now())
        let servers = backups.servers()
        let withPasswords = backups.serverIdsWithPasswords()
        return .success(
            UnifiedConfigurationView(
                ntfy: NtfyView(try await ntfy()),
                email: EmailView(backups.configuration(.email, as: EmailConfiguration.self)),
                webhook: WebhookView(backups.configuration(.webhook, as: WebhookConfiguration.self)),
                backupSettings: Dictionary(jobs.map { ($0.key, BackupSettingsView($0)) }, uniquingKeysWith: { first, _ in first }),
                templates: templates(),
                overdueTolerance: overdue().overdueTolerance.rawValue,
                cronConfig: ["interval": backups.checkInterval.rawValue],
                notificationFrequency: overdue().notificationFrequency.rawValue,
                servers: servers.map {
                    .init(id: $0.id, name: $0.name, alias: $0.alias, serverUrl: $0.serverUrl, hasPassword: withPasswords.contains($0.id))
                },
                serversWithBackups: jobs.compactMap { job in
                    servers.first { $0.id == job.serverId }.map {
                        .init(id: $0.id, name: $0.name, backupName: job.backupName, serverUrl: $0.serverUrl)
                    }
                }
            )
        )
    }

    @Sendable
    func updateNtfy(_ request: Request, context: AppRequestContext) async throws -> APIResponse<NtfyView> {
        let body = try await request.decodeJSON(as: NtfyBody.self, context: context)
        let config = try body.applied(to: try await ntfy(), secrets: secrets)
        try await backups.saveConfiguration(.ntfy, config)
        return .success(NtfyView(config), message: Self.savedMessage("ntfy", enabled: config.enabled))
    }

    /// What saving a channel says: a channel saved switched off sends nothing, which the answer
    /// must not leave to be found out when a backup fails unnoticed.
    static func savedMessage(_ channel: String, enabled: Bool) -> String {
        enabled ? "\(channel) configuration saved" : "\(channel) configuration saved; " + switchedOffNote(channel)
    }

    /// Why a channel that answers (a save, a test send) still notifies nobody.
    static func switchedOffNote(_ channel: String) -> String {
        "\(channel) is switched off, so backups do not notify through it until it is enabled"
    }

    /// The answer of `configuration/notifications`.
    struct NotificationsView: Encodable, Sendable {
        var ntfy: NtfyView
        var notificationFrequency: String
    }

    @Sendable
    func notifications(_ request: Request, context: AppRequestContext) async throws -> APIResponse<NotificationsView> {
        .success(NotificationsView(ntfy: NtfyView(try await ntfy()), notificationFrequency: overdue().notificationFrequency.rawValue))
    }

    /// `{ "ntfy": {...} }` and/or `{ "value": "<frequency>" }`.
    @Sendable
    func updateNotifications(_ request: Request, context: AppRequestContext) async throws -> APIResponse<NotificationsView> {
        struct Body: Decodable {
            var ntfy: NtfyBody?
            var value: String?
        }
        let body = try await request.decodeJSON(as: Body.self, context: context)
        guard body.ntfy != nil || body.value != nil else { throw invalidField("value", "or 'ntfy' is required") }
        var overdue = overdue()
        if let value = body.value {
            guard let frequency = NotificationFrequency(rawValue: value) else {
                throw invalidField("value", "must be onetime, every_day, every_week or every_month")
            }
            overdue.notificationFrequency = frequency
        }
        if let sent = body.ntfy {
            try await backups.saveConfiguration(.ntfy, try sent.applied(to: try await ntfy(), secrets: secrets, prefix: "ntfy."))
        }
        if body.value != nil { try await backups.saveConfiguration(.overdue, overdue) }
        return .success(NotificationsView(ntfy: NtfyView(try await self.ntfy()), notificationFrequency: overdue.notificationFrequency.rawValue))
    }

    @Sendable
    func updateEmail(_ request: Request, context: AppRequestContext) async throws -> APIResponse<EmailView> {
        let body = try await request.decodeJSON(as: EmailBody.self, context: context)
        let config = try body.applied(to: backups.configuration(.email, as: EmailConfiguration.self), secrets: secrets)
        try await backups.saveConfiguration(.email, config)
        return .success(EmailView(config), message: Self.savedMessage("E-mail", enabled: config.enabled))
    }

    @Sendable
    func deleteEmail(_ request: Request, context: AppRequestContext) async throws -> APIResponse<EmailView> {
        guard try await backups.deleteConfiguration(.email) else { throw APIError(.notFound, "No e-mail configuration is stored") }
        return .success(EmailView(nil), message: "E-mail configuration deleted")
    }

    @Sendable
    func updatePassword(_ request: Request, context: AppRequestContext) async throws -> APIResponse<EmailView> {
        struct Body: Decodable { var password: String? }
        guard let password = try await request.decodeJSON(as: Body.self, context: context).password else {
            throw invalidField("password", "is required (an empty string clears it)")
        }
        guard var config = backups.configuration(.email, as: EmailConfiguration.self) else {
            throw APIError(.notFound, "No e-mail configuration is stored; save one first")
        }
        config.password = password.isEmpty ? nil : try secrets.seal(password)
        try await backups.saveConfiguration(.email, config)
        return .success(EmailView(config), message: "Password saved")
    }

    @Sendable
    func updateWebhook(_ request: Request, context: AppRequestContext) async throws -> APIResponse<WebhookView> {
        let body = try await request.decodeJSON(as: WebhookBody.self, context: context)
        let config = try body.applied(to: backups.configuration(.webhook, as: WebhookConfiguration.self), secrets: secrets)
        try await backups.saveConfiguration(.webhook, config)
        return .success(WebhookView(config), message: Self.savedMessage("Webhook", enabled: config.enabled))
    }

    @Sendable
    func updateTemplates(_ request: Request, context: AppRequestContext) async throws -> APIResponse<NotificationTemplates> {
        struct Body: Decodable {
            var success: NotificationTemplate?
            var warning: NotificationTemplate?
            var overdueBackup: NotificationTemplate?
        }
        let body = try await request.decodeJSON(as: Body.self, context: context)
        var templates = templates()
        for (name, template) in [("success", body.success), ("warning", body.warning), ("overdueBackup", body.overdueBackup)] {
            guard let template else { continue }
            guard !template.title.isEmpty, template.title.count <= 500 else { throw invalidField("\(name).title", "must be 1 to 500 characters") }
            guard template.message.count <= 10_000 else { throw invalidField("\(name).message", "must be at most 10000 characters") }
            guard template.tags.count <= 500 else { throw invalidField("\(name).tags", "must be at most 500 characters") }
            switch name {
            case "success": templates.success = template
            case "warning": templates.warning = template
            default: templates.overdueBackup = template
            }
        }
        try await backups.saveConfiguration(.templates, templates)
        return .success(templates, message: "Templates saved")
    }

    @Sendable
    func updateTolerance(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[String: String]> {
        struct Body: Decodable {
            var overdueTolerance: String?
            var overdue_tolerance: String?
        }
        let body = try await request.decodeJSON(as: Body.self, context: context)
        guard let value = body.overdueTolerance ?? body.overdue_tolerance, let tolerance = OverdueTolerance(rawValue: value) else {
            let known = OverdueTolerance.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalidField("overdueTolerance", "must be one of \(known)")
        }
        var overdue = overdue()
        overdue.overdueTolerance = tolerance
        try await backups.saveConfiguration(.overdue, overdue)
        return .success(["overdueTolerance": tolerance.rawValue], message: "Overdue tolerance saved")
    }

    @Sendable
    func updateDisplay(_ request: Request, context: AppRequestContext) async throws -> APIResponse<DisplayConfiguration> {
        let body = try await request.decodeJSON(as: DisplayBody.self, context: context)
        let display = try body.applied(to: backups.configuration(.display, as: DisplayConfiguration.self) ?? DisplayConfiguration())
        try await backups.saveConfiguration(.display, display)
        return .success(display, message: "Display settings saved")
    }
}
