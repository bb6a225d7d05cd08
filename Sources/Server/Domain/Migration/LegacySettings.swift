/// The configuration of a Node duplistatus database (its `configurations` table), read into types
/// so the settings this product gains later are wired with one call each. Nothing here is stored
/// yet: the import reports each part as "not imported yet".
package struct LegacySettings: Sendable, Equatable {
    /// Where ntfy notifications went.
    package struct Ntfy: Sendable, Equatable {
        package var url: String
        package var topic: String
        package var accessToken: String
    }

    /// The e-mail (SMTP) settings, without the password: the Node version encrypted it with a key
    /// kept outside the database, so it cannot be read here.
    package struct Email: Sendable, Equatable {
        /// Every setting but the password, as written (host, port, username, addresses…).
        package var fields: ReportObject
        /// True when the database held an (encrypted) password.
        package var hadPassword: Bool
    }

    /// One notification template (success, warning, overdueBackup…).
    package struct Template: Sendable, Equatable {
        package var title: String
        package var message: String
        package var priority: String
        package var tags: String
    }

    /// The settings of one backup job.
    package struct JobSettings: Sendable, Equatable {
        /// The server's machine id (old databases keyed jobs by machine name; see `keyedByName`).
        package var serverId: String
        package var backupName: String
        /// True when the database keyed this job by the machine's name (before 0.7), resolved to its id.
        package var keyedByName: Bool
        /// "all", "warnings", "errors" or "off".
        package var notificationEvent: String?
        package var overdueCheckEnabled: Bool?
        /// The expected interval as written: "1D" (0.8), or a number and `intervalUnit` ("1 day", before 0.8).
        package var expectedInterval: String?
        /// Days of the week a run is expected (0 = Sunday), when set.
        package var allowedWeekDays: [Int64]?
        /// The time of day the schedule is anchored at (ISO), when set.
        package var time: String?
        package var ntfyEnabled: Bool?
        package var emailEnabled: Bool?
    }

    package var ntfy: Ntfy?
    package var email: Email?
    /// Templates by kind.
    package var templates: [String: Template] = [:]
    /// Per-job settings, sorted by server and name.
    package var jobs: [JobSettings] = []
    /// How late a run may be before it counts as overdue ("1h").
    package var overdueTolerance: String?
    /// How often overdue notifications repeat ("every_day").
    package var notificationFrequency: String?
    /// The overdue check's schedule (`cron_service`), verbatim.
    package var cronService: ReportJSON?
    /// Job keys that name neither a server id nor a server name of the database.
    package var unmatchedJobKeys: [String] = []
    /// Configuration keys this importer does not know.
    package var unknownKeys: [String] = []
    /// Keys whose value is not the JSON expected.
    package var unreadableKeys: [String] = []

    /// An empty configuration.
    package init() {}
}
