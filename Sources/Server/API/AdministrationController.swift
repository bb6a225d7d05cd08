import Hummingbird

/// The routes that delete history (api.md §7): one run, one job, a cleanup by age.
struct AdministrationController: Sendable {
    /// The domain store the deletions go through.
    let backups: BackupStore
    /// Where "now" comes from: the cutoff of a cleanup.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.deleteBackup, use: deleteRun)
        group.on(.deleteJob, use: deleteJob)
        group.on(.deleteJobPost, use: deleteJob)
        group.on(.cleanup, use: cleanup)
    }

    /// `DELETE backups/:backupId`: one run and its logs.
    @Sendable
    func deleteRun(_ request: Request, context: AppRequestContext) async throws -> APIResponse<DeletedRunView> {
        let id = ReadQuery.pathParameter("backupId", context)
        guard let run = try await backups.deleteRun(id: id) else {
            throw APIError(.notFound, "Backup run '\(id.prefix(80))' not found", details: ["backupId": .string(id)])
        }
        context.logger.info("backup run deleted", metadata: ["backupId": "\(id)"])
        return .success(DeletedRunView(deleted: BackupRunRefView(run)), message: "Backup run deleted")
    }

    /// `DELETE|POST backups/delete-job`: every run of one job.
    @Sendable
    func deleteJob(_ request: Request, context: AppRequestContext) async throws -> APIResponse<DeletedJobView> {
        let body = try await request.decodeJSON(as: DeleteJobBody.self, context: context)
        guard !body.serverId.isEmpty else { throw APIError(.validation, "Field 'serverId' must name a server") }
        guard !body.backupName.isEmpty else { throw APIError(.validation, "Field 'backupName' must name a backup job") }
        let server = try ReadQuery.server(body.serverId, in: backups)
        let deleted = try await backups.deleteJob(serverId: server.id, backupName: body.backupName)
        guard deleted > 0 else {
            throw APIError(
                .notFound,
                "Server '\(server.name)' has no backup job '\(body.backupName.prefix(80))'",
                details: ["backupName": .string(body.backupName)]
            )
        }
        context.logger.info("backup job deleted", metadata: ["serverId": "\(server.id)", "deletedRuns": "\(deleted)"])
        return .success(
            DeletedJobView(deletedRuns: deleted, serverName: server.name, backupName: body.backupName),
            message: "Backup job deleted"
        )
    }

    /// `POST backups/cleanup`: runs older than a period, or (confirmed) everything.
    @Sendable
    func cleanup(_ request: Request, context: AppRequestContext) async throws -> APIResponse<CleanupView> {
        let body = try await request.decodeJSON(as: CleanupBody.self, context: context)
        let period = try Self.period(body)
        let outcome = try await backups.cleanup(endedBefore: period.cutoff(now: clock.now()))
        context.logger.notice(
            "history cleaned up",
            metadata: ["deletedRuns": "\(outcome.deletedRuns)", "deletedServers": "\(outcome.deletedServers)"]
        )
        return .success(
            CleanupView(deletedRuns: outcome.deletedRuns, deletedServers: outcome.deletedServers),
            message: "Cleanup finished"
        )
    }

    /// The period a cleanup body asks for, with a 400 naming the field when it asks for none or two.
    static func period(_ body: CleanupBody) throws -> RetentionPeriod {
        switch (body.retentionPeriod, body.olderThanDays) {
        case (let name?, nil):
            if name == RetentionPeriod.deleteAll {
                guard body.confirmation?.lowercased() == "delete all data" else {
                    throw APIError(
                        .validation,
                        "Deleting all data needs field 'confirmation' set to \"delete all data\"",
                        details: ["field": .string("confirmation")]
                    )
                }
                return .nothing
            }
            guard let period = RetentionPeriod.named[name] else {
                let names = (RetentionPeriod.named.keys.sorted() + [RetentionPeriod.deleteAll]).map { "'\($0)'" }
                throw APIError(
                    .validation,
                    "Field 'retentionPeriod' must be one of \(names.joined(separator: ", ")), not '\(name.prefix(40))'",
                    details: ["field": .string("retentionPeriod")]
                )
            }
            return period
        case (nil, let days?):
            guard (1...36_500).contains(days) else {
                throw APIError(.validation, "Field 'olderThanDays' must be from 1 to 36500", details: ["field": .string("olderThanDays")])
            }
            return .days(days)
        default:
            throw APIError(
                .validation,
                "Give exactly one of the fields 'retentionPeriod' and 'olderThanDays'",
                details: ["field": .string("retentionPeriod")]
            )
        }
    }
}
