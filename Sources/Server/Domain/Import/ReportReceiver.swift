/// Where imported reports go: this process' store (`ReportIntake`) or a running server's
/// `POST /api/upload` (`UploadClient`). Both answer with what the upload did.
protocol ReportReceiver: Sendable {
    /// Delivers one upload body, named by `naming` where it lacks identity.
    func deliver(body: [UInt8], naming: UploadNaming) async throws -> ImportedReport
    /// Delivers one report that is already decoded.
    func deliver(json: ReportJSON, naming: UploadNaming) async throws -> ImportedReport
}

/// What became of one imported report, as the upload answered it.
enum ImportedReport: Sendable, Equatable {
    /// Stored now under this id.
    case stored(id: String)
    /// Already stored under this id; nothing was written.
    case duplicate(id: String)
    /// Not a backup run; nothing was written.
    case ignored(operation: String)
    /// Unusable, with the upload's reason; nothing was written.
    case rejected(reason: String)
}

extension ReportIntake: ReportReceiver {
    func deliver(body: [UInt8], naming: UploadNaming) async throws -> ImportedReport {
        Self.imported(try await receive(body: body, contentType: nil, naming: naming))
    }

    func deliver(json: ReportJSON, naming: UploadNaming) async throws -> ImportedReport {
        Self.imported(try await receive(json: json, naming: naming))
    }

    /// The intake's outcome without the stored run.
    static func imported(_ outcome: Outcome) -> ImportedReport {
        switch outcome {
        case .stored(let run): return .stored(id: run.id)
        case .duplicate(let id): return .duplicate(id: id)
        case .ignored(let operation): return .ignored(operation: operation)
        case .rejected(let rejection): return .rejected(reason: rejection.message)
        }
    }
}
