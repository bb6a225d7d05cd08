import FlatStore
import Hummingbird

/// The routes that look after the data store itself (api.md §7): maintenance, a backup archive
/// streamed while the server runs, and restoring one.
struct DatabaseController: Sendable {
    /// Holds the store (a restore replaces it).
    let holder: StoreHolder
    /// Runs one maintenance operation at a time.
    let maintenance: StoreMaintenance
    /// Unpacks, checks and installs archives.
    let restore: StoreRestore
    /// Where "now" comes from: archive names and time stamps.
    let clock: any WallClock

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.databaseMaintenance, use: runMaintenance)
        group.on(.databaseBackup, use: backup)
        group.on(.databaseRestore, use: restoreArchive)
    }

    /// `POST admin/database/maintenance`: compact, verify or snapshot now, with before/after figures.
    @Sendable
    func runMaintenance(_ request: Request, context: AppRequestContext) async throws -> APIResponse<MaintenanceView> {
        let body = try await request.decodeJSON(as: MaintenanceBody.self, context: context)
        guard let operation = StoreMaintenance.Operation(rawValue: body.operation) else {
            let known = StoreMaintenance.Operation.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError(.validation, "Field 'operation' must be one of \(known), not '\(body.operation)'")
        }
        do {
            let outcome = try await maintenance.run(operation)
            context.logger.info(
                "store maintenance",
                metadata: ["operation": "\(operation.rawValue)", "ms": "\(outcome.milliseconds)", "problems": "\(outcome.problems.count)"]
            )
            let message = outcome.problems.isEmpty ? "\(operation.rawValue) finished" : "\(operation.rawValue) found problems"
            return .success(MaintenanceView(outcome), message: message)
        } catch let busy as StoreMaintenance.Busy {
            throw APIError(.conflict, "A \(busy.running.rawValue) is already running; try again when it has finished")
        }
    }

    /// `GET admin/database/backup`: a `.tar.gz` of the data directory as it stands now, streamed
    /// while uploads go on.
    @Sendable
    func backup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pinned = try await holder.current.pinFiles()
        let now = clock.now()
        let sources = pinned.files.map { file in
            DataArchive.Source(name: file.name, length: file.length, isPrivate: file.isPrivate) { offset, buffer in
                try pinned.read(file, at: offset, into: buffer)
            }
        }
        let name = "duplistatus-backup-\(StoreRestore.stamp(now)).tar.gz"
        context.logger.info("backup archive started", metadata: ["files": "\(sources.count)"])
        let body = ResponseBody { writer in
            defer { pinned.release() }
            try await DataArchive.write(sources, modified: now / 1000) { bytes in
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/gzip", .contentDisposition: "attachment; filename=\(name)", .cacheControl: "no-store",
            ],
            body: body
        )
    }

    /// `POST admin/database/restore`: an archive as the body; checked whole before it replaces the
    /// store, the previous data directory kept beside it.
    @Sendable
    func restoreArchive(_ request: Request, context: AppRequestContext) async throws -> APIResponse<RestoreView> {
        try request.requireArchiveContentType()
        let stamp = StoreRestore.stamp(clock.now())
        let chunks = LimitedChunks(request.body.map { buffer in Array(buffer.readableBytesView) }, limit: context.maxBodyBytes)
        let (staged, previous): (StoreRestore.Staged, String)
        do {
            (staged, previous) = try await restore.exclusively {
                context.logger.info("restore: receiving and checking the archive")
                let staged = try await restore.stage(chunks, stamp: stamp)
                context.logger.info(
                    "restore: the archive is whole; replacing the data directory",
                    metadata: ["files": "\(staged.files.count)", "records": "\(staged.records.values.reduce(0, +))"]
                )
                return (staged, try await restore.installRunning(staged, into: holder, stamp: stamp))
            }
        } catch is StoreRestore.Busy {
            throw APIError(.conflict, "A restore is already running; try again when it has finished")
        } catch let problem as ArchiveProblem {
            context.logger.notice("restore refused; nothing changed", metadata: ["reason": "\(problem.description)"])
            throw APIError(.validation, "The archive was not restored: \(problem.description)")
        } catch let tooLarge as BodyTooLarge {
            throw APIError.payloadTooLarge(limit: tooLarge.limit, path: request.uri.path)
        }
        context.logger.notice(
            "data directory restored from an archive",
            metadata: ["files": "\(staged.files.count)", "previous": "\(previous)"]
        )
        return .success(
            RestoreView(files: staged.files, records: staged.records, previousDirectory: StoreRestore.name(of: previous)),
            message: "Restored; the previous data directory was kept"
        )
    }
}
