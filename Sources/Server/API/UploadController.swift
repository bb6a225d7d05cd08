import FlatStore
import Hummingbird

/// `POST /api/upload`: where Duplicati (or a script) reports a finished backup.
struct UploadController: Sendable {
    /// The domain store runs are written to.
    let backups: BackupStore
    /// Where "now" comes from: the receipt time and the latest plausible report date.
    let clock: any WallClock
    /// Where stored runs are handed over for their notifications (in the background).
    let notifier: NewRunNotifier

    /// Registers the upload route on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.upload, use: upload)
    }

    /// What the upload answers: the stored run, a duplicate, or an ignored operation.
    struct Receipt: Encodable, Sendable {
        var backupId: String
        var serverId: String?
        var serverName: String?
        var backupName: String?
        var status: String?
        var duplicate: Bool?
    }

    /// 201 once the run is durable; 200 for a duplicate or a non-backup operation; 400 naming
    /// what is missing. The content type is not enforced: some senders omit it, and a
    /// form-encoded report gets a 400 that says how to switch Duplicati to JSON.
    @Sendable
    func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            return try await receive(request, context: context)
        } catch let refusal as APIError where refusal.code.status.kind == .clientError {
            // The run is lost unless someone reads this: Duplicati keeps the answer in its own log.
            context.logger.warning(
                "upload refused",
                metadata: [
                    "status": "\(refusal.code.status.code)", "reason": "\(ReportText.loggable(refusal.message))",
                    "client": "\(context.clientAddress)",
                ]
            )
            throw refusal
        }
    }

    /// `upload` up to its answer or refusal.
    private func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let naming = try Self.naming(request)
        let body = try await request.collectBody(limit: context.maxBodyBytes)
        let intake = ReportIntake(backups: backups, clock: clock)
        let outcome = try await intake.receive(
            body: Array(body.readableBytesView),
            contentType: request.headers[.contentType],
            naming: naming
        )
        switch outcome {
        case .rejected(let rejection):
            // api.md: `missingFields` for what is missing or unusable; `invalidFields` tells the
            // unusable ones apart, which are there with a value that cannot be used.
            var details: [String: JSONValue] = [:]
            if !rejection.fields.isEmpty { details["missingFields"] = .array(rejection.fields.map { .string($0) }) }
            if !rejection.invalidFields.isEmpty { details["invalidFields"] = .array(rejection.invalidFields.map { .string($0) }) }
            throw APIError(.validation, rejection.message, details: details.isEmpty ? nil : details)
        case .ignored(let operation):
            struct Ignored: Encodable, Sendable {
                var ignored = true
                var operation: String
            }
            return try APIResponse.success(
                Ignored(operation: operation),
                message: UploadParseOutcome.ignoredMessage(operation: operation)
            ).response(from: request, context: context)
        case .duplicate(let id):
            context.logger.debug("duplicate upload ignored", metadata: ["backupId": "\(id)"])
            return try APIResponse.success(Receipt(backupId: id, duplicate: true), message: "Duplicate upload ignored")
                .response(from: request, context: context)
        case .stored(let stored):
            // Routine traffic: at `debug`, so the log at `info` keeps what someone did.
            context.logger.debug(
                "backup run stored",
                metadata: [
                    "backupId": "\(stored.id)", "server": "\(stored.serverName)", "backup": "\(stored.backupName)",
                    "status": "\(stored.status.rawValue)",
                ]
            )
            // Only the upload notifies (imports and collects do not). Never awaited: a slow or
            // failing channel cannot delay or fail the upload.
            notifier.enqueue(stored)
            let receipt = Receipt(
                backupId: stored.id,
                serverId: stored.serverId,
                serverName: stored.serverName,
                backupName: stored.backupName,
                status: stored.status.rawValue
            )
            return try APIResponse.success(receipt, message: "Backup data uploaded successfully", status: .created)
                .response(from: request, context: context)
        }
    }

    /// What the upload URL names (`?serverName=…&serverId=…&backupName=…`), for reports that lack it.
    ///
    /// Each is at most 200 characters without control characters. A `+` stays a plus here: the
    /// URL is typed by hand into Duplicati's job, not written by a browser, and a job once named
    /// `Docs+Photos` must not become a new job `Docs Photos` (a space is `%20`).
    static func naming(_ request: Request) throws -> UploadNaming {
        let query = ReadQuery(request, plusIsLiteral: true)
        if let id = query.text("serverId"), let problem = RunIdentity.serverIdProblem(id) {
            throw APIError(.validation, "Query parameter 'serverId' \(problem)", details: ["parameter": .string("serverId")])
        }
        for name in ["serverName", "serverId", "backupName"] {
            guard let value = query.text(name) else { continue }
            guard value.count <= 200, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw APIError(
                    .validation,
                    "Query parameter '\(name)' must be a name of at most 200 characters without control characters",
                    details: ["parameter": .string(name)]
                )
            }
        }
        return UploadNaming(
            serverName: query.text("serverName"),
            serverId: query.text("serverId"),
            backupName: query.text("backupName"),
            host: request.head.authority,
            path: request.uri.path
        )
    }
}

// Every upload answers with a receipt; written directly it costs a fraction of `JSONEncoder`
// (`APIJSONWritingTests` compares the two).
extension UploadController.Receipt: APIJSONWritable {
    /// Writes the members in key order, leaving out the absent ones as `JSONEncoder` does.
    func write(to json: inout CanonicalJSONWriter) throws {
        json.beginObject()
        json.key("backupId")
        json.string(backupId)
        json.member("backupName", ifPresent: backupName)
        json.member("duplicate", ifPresent: duplicate)
        json.member("serverId", ifPresent: serverId)
        json.member("serverName", ifPresent: serverName)
        json.member("status", ifPresent: status)
        json.endObject()
    }
}
