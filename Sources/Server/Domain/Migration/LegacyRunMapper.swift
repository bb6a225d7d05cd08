/// Maps a row of the Node duplistatus `backups` table (every schema from v0.4.0 to 1.x) to the
/// `ParsedRun` an upload of the same report would have produced: the same id rule
/// (`RunIdentity.runId` over server id, job name and begin time in ms, which the Node version kept
/// to the millisecond as we do), so a later upload of that report is a duplicate.
enum LegacyRunMapper {
    /// Why a row could not become a run.
    struct Problem: Error, Sendable, Equatable {
        /// The row's `id`.
        var rowId: String
        /// What is wrong, in words.
        var reason: String
    }

    /// The columns read into the run's fields; every other column is kept under `raw["duplistatus"]`.
    static let mappedColumns: Set<String> = [
        "server_id", "machine_id", "backup_name", "backup_id", "status", "duration_seconds", "size", "uploaded_size",
        "examined_files", "warnings", "errors", "messages_array", "warnings_array", "errors_array", "available_backups",
        "deleted_files", "deleted_folders", "modified_files", "opened_files", "added_files", "size_of_modified_files",
        "size_of_added_files", "size_of_examined_files", "size_of_opened_files", "not_processed_files", "added_folders",
        "too_large_files", "files_with_error", "modified_folders", "modified_symlinks", "added_symlinks",
        "deleted_symlinks", "partial_backup", "dryrun", "interrupted", "version", "begin_time", "end_time",
        "warnings_actual_length", "errors_actual_length", "messages_actual_length", "bytes_downloaded",
        "known_file_size", "last_backup_date", "backup_list_count", "reported_quota_error", "reported_quota_warning",
    ]

    /// The columns read as counts or sizes, each bounded by `ParsedRun.largestFigure`.
    static let figureColumns = [
        "examined_files", "size", "uploaded_size", "known_file_size", "backup_list_count", "warnings", "errors",
        "warnings_actual_length", "errors_actual_length", "messages_actual_length", "bytes_downloaded", "added_files",
        "deleted_files", "modified_files", "opened_files", "not_processed_files", "too_large_files", "files_with_error",
        "added_folders", "deleted_folders", "modified_folders", "added_symlinks", "deleted_symlinks", "modified_symlinks",
        "size_of_added_files", "size_of_modified_files", "size_of_opened_files",
    ]

    /// The run of `row`; `serverName` is the name of its server row.
    static func map(_ row: LegacyRow, serverName: String?) -> Result<ParsedRun, Problem> {
        let rowId = row.text("id") ?? "?"
        guard let serverId = ReportText.nonBlank(row.text("server_id") ?? row.text("machine_id")) else {
            return .failure(Problem(rowId: rowId, reason: "it names no server (server_id/machine_id is empty)"))
        }
        if let problem = RunIdentity.serverIdProblem(serverId) {
            return .failure(Problem(rowId: rowId, reason: "its server id \(problem)"))
        }
        guard let backupName = ReportText.nonBlank(row.text("backup_name")) else {
            return .failure(Problem(rowId: rowId, reason: "backup_name is empty"))
        }
        if let problem = ReportText.nameProblem(backupName) {
            return .failure(Problem(rowId: rowId, reason: "backup_name \(problem)"))
        }
        guard let begin = row.time("begin_time") ?? row.time("date") else {
            return .failure(Problem(rowId: rowId, reason: "begin_time '\(row.text("begin_time") ?? "")' is not a date"))
        }
        guard let messages = row.stringArray("messages_array"), let warnings = row.stringArray("warnings_array"),
            let errors = row.stringArray("errors_array")
        else {
            return .failure(Problem(rowId: rowId, reason: "a log array (messages/warnings/errors_array) is not a JSON array of strings"))
        }
        let duration = row.double("duration_seconds")
        guard duration.isFinite, abs(duration) < ParsedRun.longestDurationSeconds else {
            return .failure(Problem(rowId: rowId, reason: "duration_seconds \(duration) is out of range"))
        }
        // A damaged or hand-edited database can hold any number; one beyond the bound would make
        // the fleet's totals overflow.
        if let column = figureColumns.first(where: { row.int($0).magnitude > ParsedRun.largestFigure.magnitude }) {
            return .failure(Problem(rowId: rowId, reason: "\(column) \(row.int(column)) is larger than any backup"))
        }
        let logs = logs(messages: messages, warnings: warnings, errors: errors)
        let counts = (warnings: row.int("warnings_actual_length"), errors: row.int("errors_actual_length"))
        let reported = row.text("parsed_result").flatMap(ParsedRun.Status.init(loose:)) ?? .unknown
        let status =
            row.text("status").flatMap(ParsedRun.Status.init(loose:))
            ?? RunStatusRules.derive(reported: reported, warnings: counts.warnings, errors: counts.errors)
        let available = availableVersions(row, messages: logs.messages, begin: begin)
        // A server name this server would refuse gives way to the id, as for the server's row.
        let usableName = ReportText.usableName(serverName)
        var extra = ["machine-id": serverId, "backup-name": backupName]
        if let usableName { extra["machine-name"] = usableName }
        if let backupId = ReportText.nonBlank(row.text("backup_id")) { extra["backup-id"] = backupId }
        let kept = row.columns.filter { !mappedColumns.contains($0.key) }
        let run = ParsedRun(
            id: RunIdentity.runId(serverId: serverId, backupName: backupName, beginTime: begin),
            serverId: serverId,
            serverName: usableName ?? serverId,
            backupName: backupName,
            duplicatiBackupId: ReportText.nonBlank(row.text("backup_id")),
            status: status,
            beginTime: begin,
            endTime: row.time("end_time") ?? begin + Int64(duration * 1000),
            durationSeconds: duration,
            fileCount: row.int("examined_files"),
            fileSize: row.int("size"),
            uploadedSize: row.int("uploaded_size"),
            storageSize: row.int("known_file_size"),
            versions: row.int("backup_list_count"),
            availableVersions: available,
            warnings: row.columns["warnings_actual_length"] == nil ? row.int("warnings") : counts.warnings,
            errors: row.columns["errors_actual_length"] == nil ? row.int("errors") : counts.errors,
            messages: row.int("messages_actual_length"),
            files: files(row),
            backend: backend(row),
            interrupted: row.bool("interrupted"),
            partialBackup: row.bool("partial_backup"),
            dryrun: row.bool("dryrun"),
            duplicatiVersion: row.text("version").flatMap(ReportText.nonBlank).map(DuplicatiReportMapper.releaseName),
            exception: nil,
            logs: logs,
            extra: extra,
            raw: kept.isEmpty ? [:] : ["duplistatus": .object(ReportObject(kept))]
        )
        return .success(run)
    }

    /// The log lines by level. The Node version stored an upload's `LogLines` (every level) as
    /// `messages_array` and Duplicati's `Warnings`/`Errors` beside it, so the levels are split out of
    /// the messages as an upload's are, and the other arrays fill a level the messages lack.
    static func logs(messages: [String], warnings: [String], errors: [String]) -> ParsedRun.Logs {
        var logs = ReportLogLine.split(messages)
        // Lines taken from the other arrays come after the messages in the arrival order.
        if logs.warnings.isEmpty, !warnings.isEmpty {
            logs.warnings = warnings
            logs.order = (logs.order ?? "") + String(repeating: "W", count: warnings.count)
        }
        if logs.errors.isEmpty, !errors.isEmpty {
            logs.errors = errors
            logs.order = (logs.order ?? "") + String(repeating: "E", count: errors.count)
        }
        return logs
    }

    /// `available_backups` (0.6.1 and later, ISO times) newest first; for older schemas, what the
    /// upload would have read from the messages.
    static func availableVersions(_ row: LegacyRow, messages: [String], begin: Int64) -> [Int64] {
        guard row.columns["available_backups"] != nil, let times = row.stringArray("available_backups") else {
            return AvailableVersions.extract(from: messages, ownTimeMs: begin)
        }
        return times.compactMap { ReportTimestamp.parseISO($0)?.epochMilliseconds }.sorted(by: >)
    }

    /// The file counters.
    static func files(_ row: LegacyRow) -> ParsedRun.Files {
        ParsedRun.Files(
            added: row.int("added_files"),
            deleted: row.int("deleted_files"),
            modified: row.int("modified_files"),
            opened: row.int("opened_files"),
            examined: row.int("examined_files"),
            notProcessed: row.int("not_processed_files"),
            tooLarge: row.int("too_large_files"),
            withError: row.int("files_with_error"),
            addedFolders: row.int("added_folders"),
            deletedFolders: row.int("deleted_folders"),
            modifiedFolders: row.int("modified_folders"),
            addedSymlinks: row.int("added_symlinks"),
            deletedSymlinks: row.int("deleted_symlinks"),
            modifiedSymlinks: row.int("modified_symlinks"),
            sizeOfAdded: row.int("size_of_added_files"),
            sizeOfModified: row.int("size_of_modified_files"),
            sizeOfOpened: row.int("size_of_opened_files")
        )
    }

    /// The destination statistics the table kept (the others were never stored by the Node version).
    static func backend(_ row: LegacyRow) -> ParsedRun.Backend {
        var backend = ParsedRun.Backend()
        backend.bytesDownloaded = row.int("bytes_downloaded")
        backend.lastBackupDate = row.time("last_backup_date")
        backend.reportedQuotaError = row.bool("reported_quota_error")
        backend.reportedQuotaWarning = row.bool("reported_quota_warning")
        return backend
    }
}
