import Hummingbird

/// The routes that look after the data store itself (api.md §7).
struct DatabaseController: Sendable {
    /// Runs one maintenance operation at a time.
    let maintenance: StoreMaintenance

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.databaseMaintenance, use: runMaintenance)
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
}
