import Hummingbird

/// The routes for one backup run with its logs.
struct BackupsController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore

    /// Log lines returned per level when `maxLines` is not given (api.md §3).
    static let defaultMaxLines = 1_000
    /// The most log lines per level a client may ask for.
    static let maxMaxLines = 10_000

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.backup, use: backup)
    }

    /// One run with its logs, each level capped by `?maxLines=` (1…10000, default 1000);
    /// 404 for an unknown id, 400 for a bad `maxLines`.
    @Sendable
    func backup(_ request: Request, context: AppRequestContext) async throws -> APIResponse<BackupRunDetailView> {
        let maxLines = try ReadQuery(request).integer("maxLines", in: 1...Self.maxMaxLines, default: Self.defaultMaxLines)
        let id = ReadQuery.pathParameter("backupId", context)
        guard let run = try backups.runWithLogs(id) else {
            throw APIError(.notFound, "Backup run '\(id.prefix(80))' not found", details: ["backupId": .string(id)])
        }
        return .success(BackupRunDetailView(run, maxLines: maxLines))
    }
}
