import Hummingbird

/// `configuration/backup-settings`: every job's settings with the expectation in force; a partial
/// map updates only the jobs it names.
struct BackupSettingsRoutes: Sendable {
    let backups: BackupStore
    let clock: any WallClock

    /// Registers the routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.configBackupSettings, use: list)
        group.on(.configBackupSettingsUpdate, use: update)
    }

    @Sendable
    func list(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[String: BackupSettingsView]> {
        let jobs = try backups.jobs(now: clock.now())
        return .success(Dictionary(jobs.map { ($0.key, BackupSettingsView($0)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Validates every named job before anything is stored: all of them change, or none.
    @Sendable
    func update(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[String: BackupSettingsView]> {
        let body = try await request.decodeJSON(as: [String: BackupSettingsBody].self, context: context)
        guard !body.isEmpty else { throw invalidField("backupSettings", "must name at least one job (\"<serverId>:<backupName>\")") }
        let jobs = Dictionary(try backups.jobs(now: clock.now()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [String: BackupSettings] = [:]
        for (key, settings) in body.sorted(by: { $0.key < $1.key }) {
            guard let job = jobs[key] else { throw invalidField(String(key.prefix(120)), "names no known job (\"<serverId>:<backupName>\")") }
            changes[key] = try settings.applied(to: job.settings, key: key)
        }
        try await backups.saveSettings(changes)
        let updated = try backups.jobs(now: clock.now()).filter { changes[$0.key] != nil }
        return .success(
            Dictionary(updated.map { ($0.key, BackupSettingsView($0)) }, uniquingKeysWith: { first, _ in first }),
            message: "Backup settings saved"
        )
    }
}
