/// Maps the generic report format of api.md §2 (`{"server": {…}, "backup": {…}}`), meant for
/// scripts and other backup tools, to a `ParsedRun`.
enum GenericReportMapper {
    /// How to write a date the parser accepts.
    static let dateHint = "give an ISO 8601 date such as \"2025-01-15T10:30:00Z\""

    /// Maps one generic report, collecting every problem before answering.
    static func map(_ top: ReportObject, latestPlausibleSeconds latest: Int64, naming: UploadNaming) -> UploadParseOutcome {
        var root = ReportFieldReader(top, path: "", latestPlausibleSeconds: latest)
        var server = ReportFieldReader(root.object("server") ?? [:], path: "server", latestPlausibleSeconds: latest)
        var backup = ReportFieldReader(root.object("backup") ?? [:], path: "backup", latestPlausibleSeconds: latest)

        // The report's own names win; the upload URL names what it lacks.
        let reportedId = ReportText.nonBlank(server.string("id"))
        if let reportedId, let problem = RunIdentity.serverIdProblem(reportedId) {
            server.report("id", .invalid(problem), hint: "use another id")
        }
        let givenId = reportedId ?? naming.serverId
        let givenName = server.nameField("name") ?? naming.serverName
        if givenId == nil, givenName == nil, server.problems.isEmpty {
            server.report(
                "name",
                .missing,
                hint: "name the machine, e.g. \"server\": {\"name\": \"nas-01\"}, or with ?serverName=nas-01 in the upload URL"
            )
        }
        let version = server.string("version")
        let backupName = backup.nameField("name") ?? naming.backupName
        if backupName == nil, !backup.hasProblem("name") {
            backup.report("name", .missing, hint: "name the job, e.g. \"backup\": {\"name\": \"daily\"}, or with ?backupName=daily in the upload URL")
        }
        let statusText = backup.requiredString("status", hint: "use success, warning, error, fatal or unknown")
        let status = statusText.flatMap(ParsedRun.Status.init(loose:))
        if let statusText, status == nil {
            backup.report(
                "status",
                .invalid("is \"\(statusText.prefix(40))\""),
                hint: "use success, warning, error, fatal or unknown (any case)"
            )
        }
        // "beginTime" is accepted too, as Duplicati names it.
        let startKey =
            backup.source["startTime"] == nil && backup.source["beginTime"] != nil
            ? "beginTime" : "startTime"
        let start = backup.timestamp(startKey, required: true, hint: dateHint)
        let end = backup.timestamp("endTime", required: false, hint: dateHint)
        let duration = backup.seconds("duration")
        let logs = readMessages(&backup)
        let counts = (warnings: backup.integer("warnings"), errors: backup.integer("errors"))
        let run = (
            files: backup.count("files"), size: backup.count("size"), storage: backup.count("storageUsed"),
            uploaded: backup.count("uploadedSize"), versions: backup.count("versions")
        )
        let jobId = backup.string("id")
        root.absorb(server)
        root.absorb(backup)
        guard root.problems.isEmpty, let backupName, let status, let start else {
            return .invalid(UploadRejection(problems: root.problems))
        }

        let serverId = givenId ?? RunIdentity.derivedServerId(name: givenName ?? "")
        let beginMs = start.epochMilliseconds
        // As for Duplicati's reports: an end before the start (a clock set back) is the start.
        let endMs = max(beginMs, end?.epochMilliseconds ?? duration.map { beginMs + Int64($0 * 1000) } ?? beginMs)
        let warnings = counts.warnings ?? Int64(logs.warnings.count)
        let errors = counts.errors ?? Int64(logs.errors.count)
        var raw = root.remainder
        for (name, remainder) in [("server", server.remainder), ("backup", backup.remainder)] where !remainder.isEmpty {
            raw[name] = .object(remainder)
        }
        var files = ParsedRun.Files()
        files.examined = run.files

        return .run(
            ParsedRun(
                id: RunIdentity.runId(serverId: serverId, backupName: backupName, beginTime: beginMs),
                serverId: serverId,
                serverName: givenName ?? serverId,
                backupName: backupName,
                duplicatiBackupId: jobId,
                status: RunStatusRules.derive(reported: status, warnings: warnings, errors: errors),
                beginTime: beginMs,
                endTime: endMs,
                durationSeconds: duration ?? Double(endMs - beginMs) / 1000,
                fileCount: run.files,
                fileSize: run.size,
                uploadedSize: run.uploaded,
                storageSize: run.storage,
                versions: run.versions,
                availableVersions: [],
                warnings: warnings,
                errors: errors,
                messages: Int64(logs.messages.count),
                files: files,
                backend: ParsedRun.Backend(),
                interrupted: false,
                partialBackup: false,
                dryrun: false,
                duplicatiVersion: version,
                exception: nil,
                logs: logs,
                extra: givenName.map { ["machine-name": $0] } ?? [:],
                raw: raw
            )
        )
    }

    /// `backup.messages`: strings or `{"level": …, "message": …}` objects; the level decides the list
    /// ("warn"/"warning" → warnings, "error"/"err"/"fatal"/"critical" → errors, anything else → messages).
    private static func readMessages(_ backup: inout ReportFieldReader) -> ParsedRun.Logs {
        var logs = ParsedRun.Logs()
        guard let value = backup.value("messages") else { return logs }
        guard let elements = value.arrayValue else {
            backup.report("messages", .wrongType(expected: "an array", got: value.typeName))
            return logs
        }
        for element in elements {
            let text: String?
            var level = "info"
            if let plain = element.stringValue {
                text = plain
            } else if let entry = element.objectValue {
                text = entry["message"]?.stringValue
                level = entry["level"]?.stringValue?.lowercased() ?? "info"
            } else {
                text = nil
            }
            guard let text else {
                backup.report(
                    "messages",
                    .wrongType(
                        expected: "strings or {\"level\", \"message\"} objects",
                        got: "an array holding \(element.typeName)"
                    )
                )
                return ParsedRun.Logs()
            }
            switch level {
            case "warn", "warning": logs.warnings.append(text)
            case "error", "err", "fatal", "critical": logs.errors.append(text)
            default: logs.messages.append(text)
            }
        }
        return logs
    }
}

extension ReportFieldReader {
    /// A non-negative number of seconds (fractions allowed); nil when absent.
    mutating func seconds(_ key: String) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue else {
            report(key, .wrongType(expected: "a number of seconds", got: value.typeName))
            return nil
        }
        guard number >= 0, number < ParsedRun.longestDurationSeconds else {
            report(key, .invalid("is out of range (\(number))"), hint: "give the duration in seconds")
            return nil
        }
        return number
    }
}
