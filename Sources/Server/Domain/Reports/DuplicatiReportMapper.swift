/// Maps Duplicati's own JSON report (`Data`, `Extra`, `LogLines`, `Exception`; every shape from
/// 2.0.7 to 2.3) to a `ParsedRun`, following the ingestion rules of duplicati-report.md Part A.
enum DuplicatiReportMapper {
    /// How to name a machine whose report carries no `machine-id`.
    static func machineIdHint(_ naming: UploadNaming, jobName: String?) -> String {
        "Duplicati before 2.0.8 does not send it: name the machine in the upload URL with serverName, "
            + "e.g. \(naming.suggestedURL(jobName: jobName)) (or upgrade Duplicati; if the job has a custom "
            + "--send-http-message, add %machine-id% to it)"
    }

    /// How to name a job whose report carries no `backup-name`.
    static func backupNameHint(_ naming: UploadNaming) -> String {
        "some Duplicati 2.0.7 installs do not send it: name the job in the upload URL with backupName, "
            + "e.g. \(naming.suggestedURL(jobName: nil)) (if the job has a custom --send-http-message, "
            + "add %backup-name% to it)"
    }

    /// Classifies and maps one report: non-Backup operations and 2.0.7-style fatal reports are
    /// ignored before identity is checked, because they are never stored anyway.
    static func map(_ top: ReportObject, latestPlausibleSeconds latest: Int64, naming: UploadNaming) -> UploadParseOutcome {
        var root = ReportFieldReader(top, path: "", latestPlausibleSeconds: latest)
        guard let data = root.object("Data") else {
            if root.problems.isEmpty {
                root.report(
                    "Data",
                    .missing,
                    hint: "send the report Duplicati produces with "
                        + "--send-http-result-output-format=Json, unmodified"
                )
            }
            return .invalid(UploadRejection(problems: root.problems))
        }
        switch data["MainOperation"] {
        case .string(let operation) where operation.lowercased() != "backup":
            return .ignored(operation: operation)
        case .string:
            break
        case nil, .some(.null):
            if isSerializedException(data) { return .ignored(operation: UploadParseOutcome.legacyFatalReport) }
            return .invalid(UploadRejection(problems: [ReportFieldProblem("Data.MainOperation", .missing)]))
        case .some(let other):
            return .invalid(
                UploadRejection(problems: [
                    ReportFieldProblem("Data.MainOperation", .wrongType(expected: "a string", got: other.typeName))
                ])
            )
        }
        return mapBackup(root: root, data: data, latest: latest, naming: naming)
    }

    /// Duplicati ≤ 2.0.7 passes a fatal exception as the result, so `Data` is a .NET exception object.
    static func isSerializedException(_ data: ReportObject) -> Bool {
        data["ClassName"] != nil || data["StackTraceString"] != nil
            || (data["Message"] != nil && data["HResult"] != nil)
    }

    private static func mapBackup(
        root: ReportFieldReader,
        data: ReportObject,
        latest: Int64,
        naming: UploadNaming
    )
        -> UploadParseOutcome
    {
        var root = root
        var extraReader = ReportFieldReader([:], path: "Extra", latestPlausibleSeconds: latest)
        if let extra = root.object("Extra") {
            extraReader = ReportFieldReader(extra, path: "Extra", latestPlausibleSeconds: latest)
        } else if root.problems.isEmpty {
            root.report("Extra", .missing, hint: "Duplicati always sends it with its JSON report; send it unmodified")
        }
        // The report's own identity wins; the upload URL names what it lacks (Duplicati < 2.0.8).
        let machineName = extraReader.nameField("machine-name") ?? naming.serverName
        let backupName = extraReader.nameField("backup-name") ?? naming.backupName
        let machineId =
            ReportText.nonBlank(extraReader.string("machine-id")) ?? naming.serverId ?? machineName.map(RunIdentity.derivedServerId)
        if machineId == nil { extraReader.report("machine-id", .missing, hint: machineIdHint(naming, jobName: backupName)) }
        // Duplicati's own machine-ids are hex; a script's or an old report's may be anything.
        if let machineId, let problem = RunIdentity.serverIdProblem(machineId) {
            extraReader.report("machine-id", .invalid(problem), hint: "use another id")
        }
        if backupName == nil, !extraReader.hasProblem("backup-name") {
            extraReader.report("backup-name", .missing, hint: backupNameHint(naming))
        }
        let backupId = extraReader.string("backup-id")
        var extraStrings = [String: String](minimumCapacity: extraReader.source.count)
        var extraOther: ReportObject = [:]
        for (key, value) in extraReader.source {
            if let text = value.stringValue { extraStrings[key] = text } else { extraOther[key] = value }
        }

        var dataReader = ReportFieldReader(data, path: "Data", latestPlausibleSeconds: latest)
        _ = dataReader.string("MainOperation")
        let parsedResult = dataReader.requiredString("ParsedResult", lossless: false)
        let begin = dataReader.timestamp("BeginTime", required: true)
        let durationText = dataReader.requiredString("Duration", lossless: false)
        let durationTicks = durationText.flatMap(DotNetTimeSpan.ticks)
        if let durationText, durationTicks == nil {
            dataReader.report(
                "Duration",
                .invalid(
                    "is not a .NET TimeSpan [-][d.]hh:mm:ss[.fffffff] "
                        + "(\"\(durationText.prefix(40))\")"
                )
            )
        }
        let end = dataReader.timestamp("EndTime", required: false)
        let sections = readSections(&dataReader)
        let logs = readLogLines(&root)
        let exception = root.string("Exception")
        root.absorb(extraReader)
        root.absorb(dataReader)

        guard root.problems.isEmpty, let machineId, let backupName, let parsedResult, let begin, let durationTicks
        else { return .invalid(UploadRejection(problems: root.problems)) }

        let beginMs = begin.epochMilliseconds
        // Duplicati's Duration is its EndTime minus its BeginTime, so a clock set back during a run
        // makes it negative: the run is real and is kept, with no time before its start and no
        // negative duration in sums and charts (the report itself is stored as sent).
        let ticks = max(0, durationTicks)
        let endMs = max(beginMs, end?.epochMilliseconds ?? beginMs + ticks / 10_000)
        let counts = (
            warnings: sections.warnings ?? Int64(logs.warnings.count),
            errors: sections.errors ?? Int64(logs.errors.count),
            messages: sections.messages ?? Int64(logs.messages.count)
        )
        let reported = ParsedRun.Status(loose: parsedResult) ?? .unknown
        let available = AvailableVersions.extract(from: logs.messages, ownTimeMs: beginMs)
        var raw = root.remainder
        raw["Data"] = .object(sections.rawData)
        if !extraOther.isEmpty { raw["Extra"] = .object(extraOther) }

        let run = ParsedRun(
            id: RunIdentity.runId(serverId: machineId, backupName: backupName, beginTime: beginMs),
            serverId: machineId,
            serverName: machineName ?? machineId,
            backupName: backupName,
            duplicatiBackupId: backupId,
            status: RunStatusRules.derive(reported: reported, warnings: counts.warnings, errors: counts.errors),
            beginTime: beginMs,
            endTime: endMs,
            durationSeconds: Double(ticks) / Double(DotNetTimeSpan.ticksPerSecond),
            fileCount: sections.files.examined,
            fileSize: sections.fileSize,
            uploadedSize: sections.uploadedSize,
            storageSize: sections.storageSize,
            versions: sections.versions ?? Int64(available.count),
            availableVersions: available,
            warnings: counts.warnings,
            errors: counts.errors,
            messages: counts.messages,
            files: sections.files,
            backend: sections.backend,
            interrupted: sections.interrupted,
            partialBackup: sections.partialBackup,
            dryrun: sections.dryrun,
            duplicatiVersion: sections.version.map(releaseName),
            exception: exception,
            logs: logs,
            extra: extraStrings,
            raw: raw
        )
        return .run(run)
    }
}
