/// The one way a report becomes a stored run: parse it as `POST /api/upload` does, then ingest it.
/// The upload endpoint, `duplistatus import` and the collect of job logs all go through here, so a
/// report is stored, found a duplicate, ignored or rejected by the same rules whatever carried it.
/// Nothing here notifies anyone: notifications belong to the upload endpoint alone.
struct ReportIntake: Sendable {
    /// What became of one report.
    enum Outcome: Sendable, Equatable {
        /// Stored now (durable).
        case stored(ParsedRun)
        /// Already stored under this id; nothing was written.
        case duplicate(id: String)
        /// Not a backup run (a restore, a 2.0.7 fatal report…); nothing was written.
        case ignored(operation: String)
        /// Unusable, with the reasons and the fields involved; nothing was written.
        case rejected(UploadRejection)
    }

    /// The domain store runs are written to.
    let backups: BackupStore
    /// Where "now" comes from: the receipt time and the latest plausible report date.
    let clock: any WallClock

    /// Parses an upload body (JSON whatever `contentType` says) and stores the run it holds.
    func receive(body: [UInt8], contentType: String?, naming: UploadNaming) async throws -> Outcome {
        let now = clock.now()
        return try await store(UploadParser.parse(body: body, contentType: contentType, now: now, naming: naming), now: now)
    }

    /// Stores the run of a report that is already decoded (a job log collected from Duplicati).
    func receive(json: ReportJSON, naming: UploadNaming) async throws -> Outcome {
        let now = clock.now()
        return try await store(UploadParser.map(json, now: now, naming: naming), now: now)
    }

    /// Ingests a parsed run; passes the other outcomes through.
    private func store(_ parsed: UploadParseOutcome, now: Int64) async throws -> Outcome {
        switch parsed {
        case .invalid(let rejection):
            return .rejected(rejection)
        case .ignored(let operation):
            return .ignored(operation: operation)
        case .run(let run):
            switch try await backups.ingest(run, receivedAt: now) {
            case .duplicate(let id): return .duplicate(id: id)
            case .stored(let stored): return .stored(stored)
            }
        }
    }
}
