/// The settings page: one section per area, each form talking to its configuration endpoint.
///
/// A section whose endpoint this server does not offer yet still renders its form; it does not
/// load values, and saving shows the API's answer, so nothing is pretended.
struct SettingsPage: Sendable {
    var chrome = PageChrome(title: "Settings · duplistatus", section: "settings")
    /// The configuration endpoints and whether this server answers them.
    var endpoints: Endpoints
    /// Jobs grouped by server, for the notification and monitoring tables.
    var servers: [ServerJobs]
    /// Every server, for the servers section.
    var serverRows: [ServerRow]
    /// Servers that look like one machine under two ids, pointed to their merge.
    var duplicates: [DuplicateHint]
    /// Store figures for the database section.
    var database: [PageTile]
    /// Sign-in, the upload token and API tokens; set by the controller, which knows the access rules.
    var security: SecuritySection?
    /// What notification delivery did since the server started.
    var deliveries: DeliveryLine?
    /// The global monitoring settings, as stored.
    var selects = MonitoringSelects(OverdueConfiguration(), interval: .fiveMinutes)
    /// The retention periods offered by cleanup.
    var retentionPeriods = ["6 months", "1 year", "2 years"]
    var maintenanceAPI = PageRoute.apiLink(.databaseMaintenance)
    var backupLink = PageRoute.apiLink(.databaseBackup)
    var restoreAPI = PageRoute.apiLink(.databaseRestore)
    var cleanupAPI = PageRoute.apiLink(.cleanup)
    /// The weekdays of the monitoring table: Sunday (0) to Saturday (6), as job settings number them.
    var weekdays = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"].enumerated().map {
        Labelled(key: String($0.offset), label: $0.element)
    }
    /// The templates' variables as written in them (`{server_name}`), those of every notification
    /// and those of an overdue one, from the list the notifications fill.
    var runVariables = TemplateVariable.list(NotificationVariables.runNames)
    var overdueVariables = TemplateVariable.list(NotificationVariables.overdueNames)
    /// The three notification templates.
    var templateKinds = [
        Labelled(key: "success", label: "Success"), Labelled(key: "warning", label: "Warning and error"),
        Labelled(key: "overdueBackup", label: "Overdue backup"),
    ]

    /// A variable as a template writes it, `{server_name}`.
    struct TemplateVariable: Sendable {
        var name: String
        /// Whether it ends its list (the template puts spaces between the others).
        var isLast: Bool

        /// `names` written as variables, in order.
        static func list(_ names: [String]) -> [TemplateVariable] {
            names.enumerated().map { TemplateVariable(name: "{\($0.element)}", isLast: $0.offset == names.count - 1) }
        }
    }

    /// A value and its label.
    struct Labelled: Sendable {
        var key: String
        var label: String
    }

    /// One configuration endpoint.
    struct Endpoint: Sendable {
        var path: String
        /// Whether a route of this server answers the path.
        var available: Bool

        /// The endpoint at `path`, looked up in the route table.
        init(_ path: String) {
            self.path = path
            available = !APIRoute.matching(path).isEmpty
        }
    }

    /// The endpoints of api.md §5 and §6 the sections use.
    struct Endpoints: Sendable {
        var backupSettings = Endpoint("/api/configuration/backup-settings")
        var ntfy = Endpoint("/api/configuration/ntfy")
        var notifications = Endpoint("/api/configuration/notifications")
        var email = Endpoint("/api/configuration/email")
        var templates = Endpoint("/api/configuration/templates")
        var templateDefaults = Endpoint("/api/configuration/templates/defaults")
        var tolerance = Endpoint("/api/configuration/overdue-tolerance")
        var display = Endpoint("/api/configuration/display")
        var cron = Endpoint("/api/cron-config")
        var webhook = Endpoint("/api/configuration/webhook")
        var test = Endpoint("/api/notifications/test")
        var checkOverdue = Endpoint("/api/notifications/check-overdue")
        var clearOverdue = Endpoint("/api/notifications/clear-overdue-timestamps")
        var collect = Endpoint(PageRoute.apiLink(.collect))
    }

    /// A server's jobs as the settings tables list them.
    struct ServerJobs: Sendable {
        var name: String
        var jobs: [JobRow]
    }

    /// One job: its settings key and its next expected run. Its fields are not rendered per row:
    /// the page's script copies them from one `<template>` per table, so 700 jobs do not make
    /// 1,400 copies of them in the HTML (docs/decisions.md).
    struct JobRow: Sendable {
        var key: String
        var server: String
        var backupName: String
        var searchText: String
        var next: PageTime
        /// How the next expected run is shown: `tone-err` when overdue, `tone-ok` while it can
        /// still come in time, `muted` when the job is never counted overdue.
        var tone: String
        /// Why a job is never counted overdue; nil when it is checked.
        var note: String?
    }

    /// Keeps only the job whose settings key is `key` in the notification and monitoring tables.
    mutating func narrow(toJob key: String) {
        servers = servers.compactMap { server in
            let jobs = server.jobs.filter { $0.key == key }
            return jobs.isEmpty ? nil : ServerJobs(name: server.name, jobs: jobs)
        }
    }

    /// One server of the servers section.
    struct ServerRow: Sendable {
        var id: String
        var name: String
        var alias: String
        var note: String
        var serverUrl: String
        var updateAPI: String
        var link: String
        /// Whether a Duplicati URL is stored, so the server can be collected from.
        var hasServerURL: Bool
        /// Whether its Duplicati password is stored, so a collect needs none.
        var hasPassword: Bool
        var collectAPI: String
        /// Sets (PATCH) and clears (DELETE) its stored Duplicati password.
        var passwordAPI: String
        /// Tries the Duplicati URL in the row's form.
        var testConnectionAPI: String
    }
}

extension SettingsPage {
    /// Why `verdict` never counts its job overdue, or nil when it can: checking is off, or only
    /// the defaults are known, which are a guess (docs/decisions.md).
    static func uncheckedNote(_ verdict: OverdueVerdict) -> String? {
        if !verdict.checkEnabled { return "not checked: checking is off" }
        return verdict.overdueAfter == nil ? "not checked until its schedule is known (set an interval)" : nil
    }

    /// The page for `overview` at `now`.
    init(overview: FleetOverview, duplicates: [(name: String, servers: [BackupStore.DuplicateServer])], now: Int64) {
        endpoints = Endpoints()
        self.duplicates = duplicates.map(DuplicateHint.init)
        servers = overview.servers.filter { !$0.jobs.isEmpty }.map { entry in
            let name = entry.server.alias.isEmpty ? entry.server.name : entry.server.alias
            return ServerJobs(
                name: name,
                jobs: entry.jobs.map { job in
                    let note = Self.uncheckedNote(job.verdict)
                    return JobRow(
                        key: job.key,
                        server: name,
                        backupName: job.backupName,
                        searchText: [entry.server.name, entry.server.alias, entry.server.id, job.backupName].joined(separator: " ").lowercased(),
                        next: PageTime(job.verdict.expectedAt, now: now),
                        tone: job.verdict.isOverdue ? "tone-err" : note == nil ? "tone-ok" : "muted",
                        note: note
                    )
                }
            )
        }
        serverRows = overview.servers.map { entry in
            let server = entry.server
            return ServerRow(
                id: server.id,
                name: server.name,
                alias: server.alias,
                note: server.note,
                serverUrl: server.serverUrl,
                updateAPI: PageRoute.apiLink(.updateServerPatch, ["serverId": server.id]),
                link: PageRoute.serverLink(server.id),
                hasServerURL: !server.serverUrl.isEmpty,
                hasPassword: entry.hasPassword,
                collectAPI: PageRoute.apiLink(.collect),
                passwordAPI: PageRoute.apiLink(.updateServerPassword, ["serverId": server.id]),
                testConnectionAPI: PageRoute.apiLink(.testConnection)
            )
        }
        let summary = overview.summary
        database = [
            PageTile(label: "Servers", value: DisplayFormat.count(Int64(summary.servers))),
            PageTile(label: "Backup jobs", value: DisplayFormat.count(Int64(summary.jobs))),
            PageTile(label: "Runs", value: DisplayFormat.count(Int64(summary.runs))),
        ]
    }
}
