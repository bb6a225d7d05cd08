import Hummingbird
import Logging

/// `POST /api/backups/collect`, `POST /api/servers/test-connection` and a server's URL: pulling
/// history from Duplicati servers (`duplicati-server.md`).
struct CollectController: Sendable {
    let backups: BackupStore
    let client: DuplicatiClient
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.collect, use: collect)
        group.on(.testConnection, use: testConnection)
        group.on(.serverURL, use: serverURL)
        group.on(.updateServerURLPut, use: updateServerURL)
        group.on(.updateServerURLPatch, use: updateServerURL)
    }

    /// Logs in to the Duplicati server the body names and imports its history; 502 naming the
    /// cause when the server cannot be reached or refuses.
    @Sendable
    func collect(_ request: Request, context: AppRequestContext) async throws -> APIResponse<CollectResultView> {
        let body = try await request.decodeJSON(as: CollectBody.self, context: context)
        let target = try CollectTarget(body, backups: backups)
        var collector = BackupCollector(backups: backups, client: client, clock: clock)
        collector.keepsResults = body.downloadJson == true
        do {
            let outcome = try await collector.collect(
                target.candidates,
                password: target.password,
                knownServerId: body.serverId,
                logger: context.logger
            )
            context.logger.info(
                "collected backup history",
                metadata: [
                    "server": "\(outcome.server.name)", "processed": "\(outcome.statistics.processed)",
                    "skipped": "\(outcome.statistics.skipped)", "errors": "\(outcome.statistics.errors)",
                ]
            )
            let view = CollectResultView(outcome, schedulesImported: 0, includeJSON: body.downloadJson == true)
            return .success(view, message: "Collected \(outcome.statistics.processed) new backup runs from \(outcome.server.name)")
        } catch let failure as DuplicatiFailure {
            throw APIError(.badGateway, failure.message, details: ["cause": .string(failure.kind.rawValue)])
        }
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
            throw APIError(.validation, "Field 'serverUrl' must be an http:// or https:// URL with a host", details: ["field": "serverUrl"])
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
        guard let updated = try await backups.updateServer(id: server.id, changes: changes) else {
            throw APIError(.notFound, "Server '\(server.id)' not found", details: ["serverId": .string(server.id)])
        }
        return .success(ServerURLView(serverId: updated.id, serverUrl: updated.serverUrl))
    }
}
