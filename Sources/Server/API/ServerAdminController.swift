import Hummingbird

/// The routes for changing, deleting and merging servers.
struct ServerAdminController: Sendable {
    /// The domain store the answers come from.
    let backups: BackupStore
    /// Where "now" comes from: the overdue verdicts of the updated server.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.updateServerPut, use: update)
        group.on(.updateServerPatch, use: update)
        group.on(.deleteServer, use: delete)
        group.on(.serverDuplicates, use: duplicates)
        group.on(.mergeServers, use: merge)
    }

    /// `PUT|PATCH servers/:serverId`: sets alias, note and server URL; answers the updated server.
    @Sendable
    func update(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerStatusView> {
        let server = try pathServer(context)
        let changes = try await request.decodeJSON(as: ServerUpdateBody.self, context: context).changes()
        guard let (updated, forgotPassword) = try await backups.updateServer(id: server.id, changes: changes) else {
            throw ReadQuery.unknownServer(server.id)
        }
        // The same shape and overall status as `GET servers`, through its view.
        let view = ServerStatusView(try backups.serverWithJobs(updated, now: clock.now()), includeBackups: false)
        return .success(view, message: forgotPassword ? Self.forgotPasswordMessage : "Server updated successfully")
    }

    /// The message of an update whose new URL made the stored Duplicati password go.
    static let forgotPasswordMessage = "Server updated; the Duplicati password stored for its old address was forgotten"

    /// `DELETE servers/:serverId`: removes the server with its runs and their logs.
    @Sendable
    func delete(_ request: Request, context: AppRequestContext) async throws -> APIResponse<DeletedServerView> {
        let server = try pathServer(context)
        let runs = try await backups.deleteServer(id: server.id)
        context.logger.info("server deleted", metadata: ["serverId": "\(server.id)", "deletedRuns": "\(runs)"])
        return .success(DeletedServerView(deletedServers: 1, deletedRuns: runs), message: "Server deleted successfully")
    }

    /// `GET servers/duplicates`: groups of servers sharing a name, candidates for a merge.
    @Sendable
    func duplicates(_ request: Request, context: AppRequestContext) async throws -> APIResponse<[DuplicateServerGroupView]> {
        .success(try backups.duplicateServerGroups().map { DuplicateServerGroupView(name: $0.name, servers: $0.servers) })
    }

    /// `POST servers/merge`: moves the sources' runs to the target and deletes the sources.
    @Sendable
    func merge(_ request: Request, context: AppRequestContext) async throws -> APIResponse<MergedServersView> {
        let body = try await request.decodeJSON(as: MergeServersBody.self, context: context)
        guard !body.sourceIds.isEmpty else {
            throw APIError(.validation, "Field 'sourceIds' must name at least one server to merge")
        }
        let target = try ReadQuery.server(body.targetId, in: backups)
        var sources: [ServerRecord] = []
        for idOrName in body.sourceIds {
            let source = try ReadQuery.server(idOrName, in: backups)
            guard source.id != target.id else {
                throw APIError(.validation, "Server '\(idOrName)' is the merge target and cannot also be a source")
            }
            // The same server named twice (by id and by name) is merged once.
            if !sources.contains(where: { $0.id == source.id }) { sources.append(source) }
        }
        let outcome = try await backups.mergeServers(into: target, from: sources)
        context.logger.info(
            "servers merged",
            metadata: [
                "targetId": "\(target.id)", "sourceIds": "\(sources.map(\.id))", "movedRuns": "\(outcome.movedRuns)",
            ]
        )
        return .success(MergedServersView(outcome), message: "Servers merged successfully")
    }

    /// The server the `:serverId` parameter names (percent-decoded id, or else name); 404 when none
    /// does, 400 when several servers share the name.
    private func pathServer(_ context: AppRequestContext) throws -> ServerRecord {
        try ReadQuery.server(context, in: backups)
    }
}
