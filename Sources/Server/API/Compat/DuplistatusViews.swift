import FoundationEssentials

/// The bodies of the Node duplistatus's summary and last-backup answers
/// (`compat-duplistatus.md` §1–3), key for key and in its order.
enum DuplistatusViews {
    /// `GET /api/summary`.
    static func summary(_ totals: DuplistatusTotals) -> CompatJSON {
        .object([
            ("totalServers", .integer(Int64(totals.figures.servers))),
            ("totalBackupsRuns", .integer(Int64(totals.figures.runs))),
            ("totalBackups", .integer(Int64(totals.jobs))),
            ("totalUploadedSize", .integer(totals.figures.uploadedSize)),
            ("totalStorageUsed", .integer(totals.storageUsed)),
            ("totalBackupSize", .integer(totals.backupSize)),
            ("overdueBackupsCount", .integer(Int64(totals.overdue))),
            ("secondsSinceLastBackup", totals.secondsSinceLastBackup.map(CompatJSON.integer) ?? .null),
        ])
    }

    /// `server`: id, name and `created_at` in SQLite's `YYYY-MM-DD HH:MM:SS` (UTC).
    static func server(_ server: ServerRecord) -> CompatJSON {
        let iso = isoMilliseconds(server.firstSeen)
        let created = iso.prefix(10) + " " + iso.dropFirst(11).prefix(8)
        return .object([("id", .string(server.id)), ("name", .string(server.name)), ("created_at", .string(String(created)))])
    }

    /// `seconds` as the original computed it from `HH:MM:SS.fffffff`.
    ///
    /// Each part is a double, then `(h*3600 + m*60) + s`, so `00:01:32.7936226` is
    /// 92.79362259999999 there and here (duplicati-report.md §11.2). A day or more counts in full:
    /// the original's misreading of `1.02:03:04` as 1.02 hours is a bug not copied.
    static func originalSeconds(_ seconds: Double) -> Double {
        guard seconds.isFinite, seconds >= 0, seconds < 1e8 else { return seconds }
        // Whole 100-ns ticks (Duplicati's resolution), so each part is what its digits say.
        let ticks = Int64((seconds * 10_000_000).rounded())
        let (hours, minutes) = (ticks / 36_000_000_000, ticks / 600_000_000 % 60)
        let rest = Double(ticks % 600_000_000) / 10_000_000
        return (Double(hours) * 3600 + Double(minutes) * 60) + rest
    }

    /// One run, with its log lines as JSON text the way the original stored them.
    static func run(_ run: ParsedRun) -> CompatJSON {
        .object([
            ("id", .string(run.id)),
            ("server_id", .string(run.serverId)),
            ("name", .string(run.backupName)),
            ("date", .string(isoMilliseconds(run.beginTime))),
            ("status", .string(run.status.rawValue)),
            ("warnings", .integer(run.warnings)),
            ("errors", .integer(run.errors)),
            ("messages", .integer(run.messages)),
            ("fileCount", .integer(run.fileCount)),
            ("fileSize", .integer(run.fileSize)),
            ("uploadedSize", .integer(run.uploadedSize)),
            ("duration", .string(APIJSON.Duration(seconds: run.durationSeconds).text)),
            ("duration_seconds", .number(originalSeconds(run.durationSeconds))),
            ("durationInMinutes", .number(originalSeconds(run.durationSeconds) / 60)),
            ("knownFileSize", .integer(run.storageSize)),
            ("backup_list_count", .integer(run.versions)),
            ("messages_array", logLinesText(run.logs)),
            // Duplicati's HTTP reports never carry Data.Warnings, so the original stores null.
            ("warnings_array", .null),
            // The original's newest release falls back to the top-level exception.
            ("errors_array", run.exception.map { .string(CompatJSON.array([.string($0)]).text) } ?? .null),
            ("available_backups", .array(listedVersions(run).map { .string(isoMilliseconds($0)) })),
        ])
    }

    /// `LogLines` as `JSON.stringify` wrote them, in the order sent, with Duplicati's "... and N
    /// more" marker; null when the report had none (the generic format, or no `LogLines` key).
    /// Runs stored before the order was kept give messages, then warnings, then errors.
    static func logLinesText(_ logs: ParsedRun.Logs) -> CompatJSON {
        var lines: [CompatJSON] = []
        if let order = logs.order {
            lines.reserveCapacity(order.count + 1)
            var next = (messages: 0, warnings: 0, errors: 0)
            for level in order {
                let line: String?
                switch level {
                case "W":
                    line = logs.warnings[safe: next.warnings]
                    next.warnings += 1
                case "E":
                    line = logs.errors[safe: next.errors]
                    next.errors += 1
                default:
                    line = logs.messages[safe: next.messages]
                    next.messages += 1
                }
                if let line { lines.append(.string(line)) }
            }
        } else {
            lines = (logs.messages + logs.warnings + logs.errors).map(CompatJSON.string)
            if lines.isEmpty && !logs.truncated { return .null }
        }
        if logs.truncated { lines.append(.string("... and \(logs.omittedLines) more")) }
        return .string(CompatJSON.array(lines).text)
    }

    /// The versions Duplicati's retention lines list: without the run's own version, which they
    /// leave out and the original therefore never shows (`AvailableVersions` adds it).
    static func listedVersions(_ run: ParsedRun) -> [Int64] {
        let own = run.beginTime - ((run.beginTime % 1000) + 1000) % 1000
        return run.availableVersions.filter { $0 != own }
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC), as JavaScript's `toISOString`.
    static func isoMilliseconds(_ epochMilliseconds: Int64) -> String {
        APIJSON.Timestamp(epochMilliseconds).text
    }
}

extension Array {
    /// The element at `index`, nil when out of range (a stored order longer than its lines).
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
