import Hummingbird

/// Every endpoint of the JSON API, relative to a version prefix.
///
/// Routes are registered only through this table (`RouterGroup.on(_:use:)`) and the `Allow`
/// header of a 405 is computed from it, so the two cannot drift apart.
enum APIRoute: CaseIterable, Sendable {
    case health
    case upload
    case summary
    case dashboard
    case lastBackup
    case lastBackups
    case servers
    case server
    case updateServerPut
    case updateServerPatch
    case deleteServer
    case serverBackups
    case serverDuplicates
    case mergeServers
    case backup
    case detail
    case chartAggregated
    case chartServer
    case chartJob
    case metrics
    case databaseMaintenance
    case deleteBackup
    case deleteJob
    case deleteJobPost
    case cleanup
    case systemInfo
    case databaseBackup
    case databaseRestore
    case collect
    case testConnection
    case serverURL
    case updateServerURLPut
    case updateServerURLPatch
    case serverPassword, updateServerPassword, deleteServerPassword
    case configUnified
    case configNtfy, configNtfyUpdate
    case configNotifications, configNotificationsUpdate
    case configEmail, configEmailUpdate, configEmailDelete, configEmailPassword
    case configWebhook, configWebhookUpdate
    case configBackupSettings, configBackupSettingsUpdate
    case configTemplates, configTemplatesUpdate, configTemplateDefaults
    case configOverdueTolerance, configOverdueToleranceUpdate
    case configDisplay, configDisplayUpdate
    case cronConfig, cronConfigUpdate
    case cronStatus, cronTrigger
    case notificationTest, checkOverdue, clearOverdueTimestamps
    case authSession, signOut, changeAdminPassword, apiTokens, createAPIToken, revokeAPIToken

    /// Every route is served under each prefix with the same handlers, so `/api/v2` can live beside them later.
    static let prefixes = ["api", "api/v1"]

    /// The methods the route answers (configuration updates accept POST, PUT and PATCH alike, api.md §5).
    var methods: [HTTPRequest.Method] {
        switch self {
        case .configNtfyUpdate, .configNotificationsUpdate, .configEmailUpdate, .configWebhookUpdate, .configBackupSettingsUpdate,
            .configTemplatesUpdate, .configOverdueToleranceUpdate, .configDisplayUpdate, .cronConfigUpdate:
            [.post, .put, .patch]
        case .configEmailPassword, .updateServerPassword: [.patch, .put]
        default: [method]
        }
    }

    /// The method the route answers (the first of `methods`).
    var method: HTTPRequest.Method {
        switch self {
        case .configNtfyUpdate, .configNotificationsUpdate, .configEmailUpdate, .configWebhookUpdate, .configBackupSettingsUpdate,
            .configTemplatesUpdate, .configOverdueToleranceUpdate, .configDisplayUpdate, .cronConfigUpdate, .cronTrigger,
            .notificationTest, .checkOverdue, .clearOverdueTimestamps, .signOut, .changeAdminPassword, .createAPIToken:
            .post
        case .configEmailPassword, .updateServerPassword: .patch
        case .configEmailDelete: .delete
        case .upload, .mergeServers, .databaseMaintenance, .deleteJobPost, .cleanup, .databaseRestore, .collect, .testConnection:
            .post
        case .updateServerPut, .updateServerURLPut: .put
        case .updateServerPatch, .updateServerURLPatch: .patch
        case .deleteServer, .deleteBackup, .deleteJob, .deleteServerPassword, .revokeAPIToken: .delete
        default: .get
        }
    }

    /// The path below a prefix; `:name` marks a parameter.
    var path: String {
        switch self {
        case .health: "health"
        case .upload: "upload"
        case .summary: "summary"
        case .dashboard: "dashboard"
        case .lastBackup: "lastbackup/:serverId"
        case .lastBackups: "lastbackups/:serverId"
        case .servers: "servers"
        case .server, .updateServerPut, .updateServerPatch, .deleteServer: "servers/:serverId"
        case .serverBackups: "servers/:serverId/backups"
        case .serverDuplicates: "servers/duplicates"
        case .mergeServers: "servers/merge"
        case .backup, .deleteBackup: "backups/:backupId"
        case .deleteJob, .deleteJobPost: "backups/delete-job"
        case .cleanup: "backups/cleanup"
        case .systemInfo: "admin/system/info"
        case .databaseBackup: "admin/database/backup"
        case .databaseRestore: "admin/database/restore"
        case .collect: "backups/collect"
        case .testConnection: "servers/test-connection"
        case .serverURL, .updateServerURLPut, .updateServerURLPatch: "servers/:serverId/server-url"
        case .serverPassword, .updateServerPassword, .deleteServerPassword: "servers/:serverId/password"
        case .detail: "detail/:serverId"
        case .chartAggregated: "chart-data/aggregated"
        case .chartServer: "chart-data/server/:serverId"
        case .chartJob: "chart-data/server/:serverId/backup/:backupName"
        case .metrics: "metrics"
        case .databaseMaintenance: "admin/database/maintenance"
        case .configUnified: "configuration/unified"
        case .configNtfy, .configNtfyUpdate: "configuration/ntfy"
        case .configNotifications, .configNotificationsUpdate: "configuration/notifications"
        case .configEmail, .configEmailUpdate, .configEmailDelete: "configuration/email"
        case .configEmailPassword: "configuration/email/password"
        case .configWebhook, .configWebhookUpdate: "configuration/webhook"
        case .configBackupSettings, .configBackupSettingsUpdate: "configuration/backup-settings"
        case .configTemplates, .configTemplatesUpdate: "configuration/templates"
        case .configTemplateDefaults: "configuration/templates/defaults"
        case .configOverdueTolerance, .configOverdueToleranceUpdate: "configuration/overdue-tolerance"
        case .configDisplay, .configDisplayUpdate: "configuration/display"
        case .cronConfig, .cronConfigUpdate: "cron-config"
        case .cronStatus: "cron/status"
        case .cronTrigger: "cron/trigger/:task"
        case .notificationTest: "notifications/test"
        case .checkOverdue: "notifications/check-overdue"
        case .clearOverdueTimestamps: "notifications/clear-overdue-timestamps"
        case .authSession: "auth/session"
        case .signOut: "auth/sign-out"
        case .changeAdminPassword: "auth/password"
        case .apiTokens, .createAPIToken: "auth/tokens"
        case .revokeAPIToken: "auth/tokens/:tokenId"
        }
    }

    /// Whether responses change so often that caches must not keep them (api.md §1).
    var isVolatile: Bool {
        switch self {
        case .health, .summary, .dashboard, .lastBackup, .lastBackups, .cronStatus: true
        default: false
        }
    }

    /// Whether the route answers without sign-in when an admin password is set, so Duplicati,
    /// dashboards and health probes keep working (api.md "Authentication"). The upload has its
    /// own, optional token.
    var isOpen: Bool {
        switch self {
        case .health, .upload, .summary, .lastBackup, .lastBackups, .authSession: true
        default: false
        }
    }

    /// Whether the route's work holds its thread for long: archives read or written with their
    /// flushes, a collect's import of a history, deletions and merges of many runs, the TLS set-up
    /// of e-mails (a test e-mail, an overdue check run by hand). Such a route's handler runs on
    /// Swift's thread pool rather than on the event loop that reads its connection, so the loop's
    /// other connections are not held up meanwhile.
    var holdsItsThread: Bool {
        switch self {
        case .databaseBackup, .databaseRestore, .collect, .cleanup, .deleteServer, .deleteJob, .deleteJobPost, .mergeServers,
            .notificationTest, .checkOverdue, .cronTrigger:
            true
        default: false
        }
    }

    /// The methods answered at a request path, including the HEAD the router adds for each GET;
    /// empty when no route has that path.
    static func allowedMethods(atRequestPath requestPath: String) -> [HTTPRequest.Method] {
        var methods: [HTTPRequest.Method] = []
        for route in matching(requestPath) {
            for method in route.methods where !methods.contains(method) { methods.append(method) }
        }
        if methods.contains(.get) && !methods.contains(.head) { methods.append(.head) }
        return methods
    }

    /// The routes a request path names (below any prefix). The router prefers literal segments
    /// (`servers/merge` over `servers/:serverId`), so only the most literal matching paths count.
    /// The patterns are split once.
    static func matching(_ requestPath: String) -> [APIRoute] {
        let path = PathSegments(requestPath)
        for prefix in prefixPatterns {
            let matching = patterns.filter { $0.pattern.matches(path, below: prefix) }
            let literal = matching.map(\.pattern.literalSegments).max() ?? 0
            let best = matching.filter { $0.pattern.literalSegments == literal }.map(\.route)
            if !best.isEmpty { return best }
        }
        return []
    }

    /// Whether a request path names this route, as `matching(_:)` decides. A path this route's own
    /// pattern rejects (nearly every request, for most routes) is answered without matching it
    /// against every route.
    ///
    /// `BodyLimitMiddleware` asks it of every request, so the common answer, no, is found without
    /// allocating.
    func isNamed(by requestPath: String) -> Bool {
        guard let own = Self.patterns.first(where: { $0.route == self }) else { return false }
        let path = PathSegments(requestPath)
        let fits = Self.prefixPatterns.contains { own.pattern.matches(path, below: $0) }
        return fits && Self.matching(requestPath).contains(self)
    }

    /// Each prefix split into its segments.
    private static let prefixPatterns = prefixes.map { $0.split(separator: "/") }

    /// Every route's path split into its segments, once.
    private static let patterns = allCases.map { (route: $0, pattern: PathPattern($0.path)) }
}
