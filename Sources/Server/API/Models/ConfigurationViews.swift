/// ntfy as answered: the token never, only whether one is set.
struct NtfyView: Encodable, Sendable {
    var url: String
    var topic: String
    var enabled: Bool
    var hasAccessToken: Bool

    init(_ config: NtfyConfiguration) {
        url = config.url
        topic = config.topic
        enabled = config.enabled
        hasAccessToken = config.accessToken != nil
    }
}

/// E-mail as answered: the password never, only whether one is set.
struct EmailView: Encodable, Sendable {
    var configured: Bool
    var host: String
    var port: Int
    var connectionType: String
    var requireAuth: Bool
    var username: String
    var senderName: String
    var fromAddress: String
    var mailto: String
    var enabled: Bool
    var hasPassword: Bool

    init(_ config: EmailConfiguration?) {
        let shown = config ?? EmailConfiguration(host: "", port: 587, mailto: "", enabled: false)
        configured = config != nil
        host = shown.host
        port = shown.port
        connectionType = shown.connectionType.rawValue
        requireAuth = shown.requireAuth
        username = shown.username
        senderName = shown.senderName
        fromAddress = shown.fromAddress
        mailto = shown.mailto
        enabled = shown.enabled
        hasPassword = shown.password != nil
    }
}

/// The webhook as answered: header names only.
struct WebhookView: Encodable, Sendable {
    var configured: Bool
    var url: String
    var headerNames: [String]
    var enabled: Bool

    init(_ config: WebhookConfiguration?) {
        configured = config != nil
        url = config?.url ?? ""
        headerNames = config?.headers.keys.sorted() ?? []
        enabled = config?.enabled ?? false
    }
}

/// One job's settings as answered, with the expectation in force and where it comes from.
struct BackupSettingsView: Encodable, Sendable {
    var notificationEvent: String
    var ntfyEnabled: Bool
    var emailEnabled: Bool
    var webhookEnabled: Bool
    var overdueBackupCheckEnabled: Bool
    var expectedInterval: String
    var allowedWeekDays: [Int]
    var time: APIJSON.Timestamp
    var scheduleConfigured: Bool
    /// `configured`, `duplicati`, `inferred` or `default`.
    var source: String
    /// The next expected run under the expectation in force.
    var nextExpected: APIJSON.Timestamp
    /// The inferred schedule the user can accept (when `source` is `inferred`).
    var inferredInterval: Nullable<String>
    var inferredWeekDays: Nullable<[Int]>

    init(_ job: JobState) {
        let settings = job.settings
        notificationEvent = settings.notificationEvent.rawValue
        ntfyEnabled = settings.ntfyEnabled
        emailEnabled = settings.emailEnabled
        webhookEnabled = settings.webhookEnabled
        overdueBackupCheckEnabled = settings.overdueBackupCheckEnabled
        expectedInterval = settings.expectedInterval.description
        allowedWeekDays = settings.allowedWeekDays.sorted()
        // The anchor moved on past the latest run (monitoring.md §2) by whole intervals; the stored
        // one stays (no write per upload), and both anchor the same schedule.
        time = APIJSON.Timestamp(settings.anchorStep(after: job.lastRun.beginTime))
        scheduleConfigured = settings.scheduleConfigured
        source = job.verdict.source.rawValue
        nextExpected = APIJSON.Timestamp(job.verdict.expectedAt)
        let inferred = job.verdict.source == .inferred
        inferredInterval = Nullable(inferred ? job.verdict.interval?.description : nil)
        inferredWeekDays = Nullable(inferred ? job.verdict.allowedWeekDays.sorted() : nil)
    }
}

/// Cron configuration as answered.
struct CronConfigView: Encodable, Sendable {
    var interval: String
    var cronExpression: String
    var enabled: Bool
    var lastRun: Nullable<APIJSON.Timestamp>
    var nextRun: Nullable<APIJSON.Timestamp>
}

/// `GET configuration/unified`.
struct UnifiedConfigurationView: Encodable, Sendable {
    struct Server: Encodable, Sendable {
        var id: String
        var name: String
        var alias: String
        var serverUrl: String
        var hasPassword: Bool
    }

    struct ServerWithBackup: Encodable, Sendable {
        var id: String
        var name: String
        var backupName: String
        var serverUrl: String
    }

    var ntfy: NtfyView
    var email: EmailView
    var webhook: WebhookView
    var backupSettings: [String: BackupSettingsView]
    var templates: NotificationTemplates
    var overdueTolerance: String
    var cronConfig: [String: String]
    var notificationFrequency: String
    var servers: [Server]
    var serversWithBackups: [ServerWithBackup]
}
