import Hummingbird
import Logging

/// `POST /api/backups/collect`, `POST /api/servers/test-connection` and a server's URL: pulling
/// history from Duplicati servers (`duplicati-server.md`).
struct CollectController: Sendable {
    let backups: BackupStore
    let client: DuplicatiClient
    /// Seals the Duplicati passwords kept for later collects.
    let secrets: SecretBox
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.collect, use: collect)
        group.on(.testConnection, use: testConnection)
        group.on(.serverURL, use: serverURL)
        group.on(.updateServerURLPut, use: updateServerURL)
        group.on(.updateServerURLPatch, use: updateServerURL)
        group.on(.serverPassword, use: serverPassword)
        group.on(.updateServerPassword, use: updateServerPassword)
        group.on(.deleteServerPassword, use: deleteServerPassword)
    }

    /// Logs in to the Duplicati server the body names and imports its history; 502 naming the
    /// cause when the server cannot be reached or refuses. `{all: true}` collects from every
    /// server with a stored URL and password, one after the other.
    @Sendable
    func collect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: CollectBody.self, context: context)
        if body.all == true {
            return try APIResponse.success(
                await collectAll(allowSelfSigned: body.allowSelfSigned == true, context.logger),
                message: "Collected from every server with a stored password"
            )
            .response(from: request, context: context)
        }
        let target = try CollectTarget(body, backups: backups, secrets: secrets)
        do {
            let (view, acceptedSelfSigned) = try await collect(
                target,
                knownServerId: target.knownServerId,
                keepJSON: body.downloadJson == true,
                logger: context.logger
            )
            // The password that worked is kept (sealed) for collects by serverId alone, with
            // whether the way that worked needed a self-signed certificate, unless the server is
            // gone by now (deleted after the collect's last run was stored).
            if let password = body.password, !password.isEmpty {
                let sealed = try secrets.seal(password)
                _ = try await backups.savePassword(sealed, ofServer: view.serverId, acceptsSelfSigned: acceptedSelfSigned)
            }
            return try APIResponse.success(view, message: "Collected \(view.stats.processed) new backup runs from \(view.serverName)")
                .response(from: request, context: context)
        } catch let failure as DuplicatiFailure {
            throw APIError(.badGateway, failure.message, details: ["cause": .string(failure.kind.rawValue)])
        }
    }

    /// One collect from `target`, its schedules taken into the jobs' settings.
    private func collect(
        _ target: CollectTarget,
        knownServerId: String?,
        keepJSON: Bool,
        logger: Logger
    ) async throws -> (view: CollectResultView, acceptedSelfSigned: Bool) {
        var collector = BackupCollector(backups: backups, client: client, clock: clock)
        collector.keepsResults = keepJSON
        let outcome = try await collector.collect(target.candidates, password: target.password, knownServerId: knownServerId, logger: logger)
        let schedules = try await backups.importSchedules(of: outcome.jobs, serverId: outcome.server.id, now: clock.now())
        logger.info(
            "collected backup history",
            metadata: [
                "server": "\(outcome.server.name)", "processed": "\(outcome.statistics.processed)",
                "skipped": "\(outcome.statistics.skipped)", "errors": "\(outcome.statistics.errors)", "schedules": "\(schedules)",
            ]
        )
        return (CollectResultView(outcome, schedulesImported: schedules, includeJSON: keepJSON), outcome.acceptedSelfSigned)
    }

    /// Every server with a stored URL and password, collected one after the other; a server that
    /// fails is reported and the others go on.
    private func collectAll(allowSelfSigned: Bool, _ logger: Logger) async -> CollectAllView {
        var answer = CollectAllView()
        let withPasswords = backups.serverIdsWithPasswords()
        for server in backups.servers() where withPasswords.contains(server.id) && !server.serverUrl.isEmpty {
            do {
                var body = CollectBody(serverId: server.id)
                body.allowSelfSigned = allowSelfSigned ? true : nil
                let target = try CollectTarget(body, backups: backups, secrets: secrets)
                answer.collected.append(try await collect(target, knownServerId: server.id, keepJSON: false, logger: logger).view)
            } catch {
                let message = (error as? DuplicatiFailure)?.message ?? (error as? APIError)?.message ?? "\(error)"
                answer.failed.append(CollectAllView.Failure(serverId: server.id, serverName: server.name, message: message))
                logger.warning("collect failed", metadata: ["server": "\(server.name)", "error": "\(message)"])
            }
        }
        return answer
    }

    /// Whether a Duplicati server answers at `serverUrl`: it must refuse an empty password the way
    /// Duplicati does (or accept it, when it has none).
    @Sendable
    func testConnection(_ request: Request, context: AppRequestContext) async throws -> APIResponse<TestConnectionView> {
        let body = try await request.decodeJSON(as: TestConnectionBody.self, context: context)
        let text = String(ReportText.trimmed(body.serverUrl ?? body.server_url ?? ""))
        guard !text.isEmpty else {
            throw APIError(.validation, "Field 'serverUrl' is required", details: ["field": "serverUrl"])
        }
        guard ServerUpdateBody.isWebURL(text), let endpoint = DuplicatiEndpoint(url: text) else {
            throw APIError(
                .validation,
                "Field 'serverUrl' must be an http:// or https:// URL with a host and no user name or password",
                details: ["field": "serverUrl"]
            )
        }
        let connection = DuplicatiClient.Connection(endpoint: endpoint, acceptsSelfSigned: body.allowSelfSigned == true)
        do {
            _ = try await client.logIn(connection, password: "")
            return .success(TestConnectionView(success: true, message: "Connection successful (the server has no password)"))
        } catch let failure where failure.kind == .authentication {
            return .success(TestConnectionView(success: true, message: "Connection successful"))
        } catch {
            return .success(TestConnectionView(success: false, message: error.message))
        }
    }

    /// A server's stored Duplicati URL (empty when none).
    @Sendable
    func serverURL(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerURLView> {
        let server = try ReadQuery.server(context, in: backups)
        return .success(ServerURLView(serverId: server.id, serverUrl: server.serverUrl))
    }

    /// Sets or clears (empty string) a server's Duplicati URL.
    @Sendable
    func updateServerURL(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerURLView> {
        let server = try ReadQuery.server(context, in: backups)
        let body = try await request.decodeJSON(as: ServerURLBody.self, context: context)
        let changes = try ServerUpdateBody(serverUrl: body.serverUrl).changes()
        guard let (updated, forgotPassword) = try await backups.updateServer(id: server.id, changes: changes) else {
            throw APIError(.notFound, "Server '\(server.id)' not found", details: ["serverId": .string(server.id)])
        }
        return .success(
            ServerURLView(serverId: updated.id, serverUrl: updated.serverUrl),
            message: forgotPassword ? ServerAdminController.forgotPasswordMessage : nil
        )
    }
}

extension CollectController {
    /// Whether a Duplicati password is stored for the server (never the password).
    @Sendable
    func serverPassword(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerPasswordView> {
        let server = try ReadQuery.server(context, in: backups)
        return .success(ServerPasswordView(serverId: server.id, hasPassword: backups.sealedPassword(ofServer: server.id) != nil))
    }

    /// Stores the server's Duplicati password, sealed; an empty one clears it.
    @Sendable
    func updateServerPassword(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerPasswordView> {
        let server = try ReadQuery.server(context, in: backups)
        let body = try await request.decodeJSON(as: ServerPasswordBody.self, context: context)
        if body.password.isEmpty {
            _ = try await backups.deletePassword(ofServer: server.id)
        } else if try await !backups.savePassword(try secrets.seal(body.password), ofServer: server.id) {
            throw APIError(.notFound, "Server '\(server.id.prefix(80))' was deleted meanwhile", details: ["serverId": .string(server.id)])
        }
        return .success(ServerPasswordView(serverId: server.id, hasPassword: !body.password.isEmpty))
    }

    /// Forgets the server's Duplicati password; 404 when none was stored.
    @Sendable
    func deleteServerPassword(_ request: Request, context: AppRequestContext) async throws -> APIResponse<ServerPasswordView> {
        let server = try ReadQuery.server(context, in: backups)
        guard try await backups.deletePassword(ofServer: server.id) else {
            throw APIError(.notFound, "No password is stored for '\(server.name)'", details: ["serverId": .string(server.id)])
        }
        return .success(ServerPasswordView(serverId: server.id, hasPassword: false))
    }
}
