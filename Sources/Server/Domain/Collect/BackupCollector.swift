import FoundationEssentials
import Logging

/// Imports a Duplicati server's backup history through its REST API (`duplicati-server.md`):
/// every backup result in every job's log, paged past Duplicati's 500-row limit, through
/// `ReportIntake`, the uploads' own path (duplicates skipped, no notifications).
struct BackupCollector: Sendable {
    let backups: BackupStore
    let client: DuplicatiClient
    let clock: any WallClock
    /// Rows asked for per log page; Duplicati clamps it to 10…500.
    var pageSize = 500
    /// Keep each job's results for `downloadJson` (otherwise they are stored and let go).
    var keepsResults = false

    /// Logs in over the first working connection, registers the server and imports every job.
    ///
    /// `knownServerId` is the server the request named; it stands in when Duplicati reports an
    /// empty machine-id (as some installs do), as does a known server of the same name.
    func collect(
        _ candidates: [DuplicatiClient.Connection],
        password: String,
        knownServerId: String? = nil,
        logger: Logger
    ) async throws -> CollectOutcome {
        let session = try await client.logIn(candidates, password: password)
        let endpoint = session.connection.endpoint
        let infoBytes = try await client.fetch(session, "/api/v1/systeminfo", what: "its system information")
        let info = try client.decode(DuplicatiModels.SystemInfo.self, from: infoBytes, session, what: "its system information")
        guard let name = info.machineName, !name.isEmpty else {
            throw DuplicatiFailure.badAnswer(endpoint, "its system information (no MachineName)")
        }
        let serverId = try info.machineId ?? knownServerId ?? Self.onlyServer(named: name, in: backups, endpoint: endpoint)
        // The rules an upload's machine-id and machine-name meet, before anything is registered.
        if let problem = RunIdentity.serverIdProblem(serverId) {
            throw DuplicatiFailure.badAnswer(endpoint, "its system information (the machine id \(problem))")
        }
        if let problem = ReportText.nameProblem(name) {
            throw DuplicatiFailure.badAnswer(endpoint, "its system information (the machine name \(problem))")
        }
        let now = clock.now()
        let server = try await backups.registerServer(id: serverId, name: name, serverUrl: endpoint.url, now: now)
        var outcome = CollectOutcome(server: server)
        outcome.acceptedSelfSigned = session.connection.acceptsSelfSigned
        outcome.systemInfo = (try? UploadParser.decode(Array(infoBytes))) ?? .null

        let listBytes = try await client.fetch(session, "/api/v1/backups", what: "its list of backups")
        let entries = try client.decode([DuplicatiModels.BackupEntry].self, from: listBytes, session, what: "its list of backups")
        outcome.backupList = (try? UploadParser.decode(Array(listBytes))) ?? .null
        for entry in entries {
            guard let jobName = entry.backup.name, !jobName.isEmpty else { continue }
            var job = CollectedJob(duplicatiId: entry.backup.id, name: jobName, schedule: entry.schedule)
            do {
                try await importLog(of: &job, session: session, server: server, into: &outcome)
            } catch {
                outcome.statistics.errors += 1
                outcome.problems.append("\(jobName): \((error as? DuplicatiFailure)?.message ?? "\(error)")")
                logger.warning("collect could not read a job's log", metadata: ["job": "\(jobName)", "error": "\(error)"])
            }
            outcome.jobs.append(job)
        }
        return outcome
    }

    /// The one known server named `name`, which stands in for a machine-id Duplicati leaves empty.
    ///
    /// With none there is nothing to store the runs under; with several, picking one would store
    /// them under a machine that may not be this one, so the user is asked which.
    private static func onlyServer(named name: String, in backups: BackupStore, endpoint: DuplicatiEndpoint) throws(DuplicatiFailure) -> String {
        let named = backups.servers(named: name)
        if named.count == 1, let only = named.first { return only.id }
        let start = "Duplicati at \(endpoint.url) reports no machine-id and "
        throw DuplicatiFailure(
            kind: .noMachineId,
            message: named.isEmpty
                ? start + "no known server is named '\(name)'; upload one report from it first (its reports carry the id), "
                    + "or set machine-id in Duplicati's settings"
                : start + "\(named.count) known servers are named '\(name)' (\(named.map(\.id).joined(separator: ", "))); "
                    + "send the serverId of the one it is, or merge them first"
        )
    }

    /// Reads `job`'s log page by page (newest first) and stores each backup result in it.
    private func importLog(
        of job: inout CollectedJob,
        session: DuplicatiClient.Session,
        server: ServerRecord,
        into outcome: inout CollectOutcome
    ) async throws {
        let jobPath = "/api/v1/backup/\(Self.pathSegment(job.duplicatiId))/log?pagesize=\(pageSize)"
        var offset: Int64?
        while true {
            let path = jobPath + (offset.map { "&offset=\($0)" } ?? "")
            let rows = try await client.get(session, path, as: [DuplicatiModels.LogRow].self, what: "the log of '\(job.name)'")
            for row in rows { try await store(row, of: &job, server: server, into: &outcome) }
            // Duplicati answers at most its page size; a shorter page is the last.
            guard rows.count >= min(max(pageSize, 10), 500), let oldest = rows.map(\.id).min() else { return }
            offset = oldest
        }
    }

    /// Stores one log row when it is a backup result; other operations and plain-text rows of
    /// old versions are left out, as they are not backups.
    private func store(
        _ row: DuplicatiModels.LogRow,
        of job: inout CollectedJob,
        server: ServerRecord,
        into outcome: inout CollectOutcome
    ) async throws {
        guard let text = row.message, let result = try? UploadParser.decode(Array(text.utf8)),
            let report = CollectedReport(result: result, job: job, server: server)
        else { return }
        if keepsResults { job.results.append(result) }
        switch try await ReportIntake(backups: backups, clock: clock).receive(json: report.json, naming: .none) {
        case .stored: outcome.statistics.processed += 1
        case .duplicate: outcome.statistics.skipped += 1
        case .rejected(let rejection):
            outcome.statistics.errors += 1
            outcome.problems.append("\(job.name), log row \(row.id): \(rejection.message)")
        case .ignored:
            break
        }
    }

    /// A job id as one URL path segment (Duplicati's ids are digits; anything else is encoded).
    static func pathSegment(_ id: String) -> String {
        id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }
            ? id : id.utf8.map { "%" + String($0, radix: 16, uppercase: true) }.joined()
    }
}
