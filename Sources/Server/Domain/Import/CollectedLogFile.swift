/// The file the collect's `downloadJson` option produces (`{system_info, backups, backup_logs}`),
/// read as the Duplicati reports it stands for: each job log row becomes the report Duplicati would
/// have sent for that run, so it goes through the same mapping as an upload.
///
/// A log row's result has no `Extra` and no `LogLines` (duplicati-server.md §2.4): the machine comes
/// from `system_info`, the job's name and id from `backup_logs`, and the log lines from the result's
/// `Messages`, `Warnings` and `Errors`.
enum CollectedLogFile {
    /// One report built from a log row, with a label that says where it came from.
    struct Entry: Sendable {
        /// "job 'Name' log row 5", for the summary's reasons.
        var label: String
        /// The report, or why none could be built from the row.
        var report: Result<ReportJSON, UploadRejection>
    }

    /// True when `top` has the shape of a collected file rather than a report.
    static func matches(_ top: [String: ReportJSON]) -> Bool {
        top["backup_logs"] != nil && top["system_info"] != nil
    }

    /// Every log row of the file as a report; `naming` names the machine when `system_info` lacks its id.
    static func entries(_ top: [String: ReportJSON], naming: UploadNaming) -> [Entry] {
        let system = top["system_info"]?.objectValue ?? [:]
        let machineName = ReportText.nonBlank(system["MachineName"]?.stringValue) ?? naming.serverName
        let machineId = ReportText.nonBlank(machineIdOption(system)) ?? naming.serverId
        var entries: [Entry] = []
        for (jobIndex, job) in (top["backup_logs"]?.arrayValue ?? []).enumerated() {
            let fields = job.objectValue ?? [:]
            let name = ReportText.nonBlank(fields["backupName"]?.stringValue)
            let jobId = fields["backupId"].flatMap { $0.stringValue ?? $0.int64Value.map(String.init) }
            for (rowIndex, row) in (fields["messages"]?.arrayValue ?? []).enumerated() {
                let rowId = row.objectValue?["ID"]?.int64Value.map(String.init) ?? "#\(rowIndex + 1)"
                let label = "job '\(name ?? "#\(jobIndex + 1)")' log row \(rowId)"
                guard let result = resultObject(row) else {
                    entries.append(Entry(label: label, report: .failure(UploadRejection(message: "the log row's Message is not a result object"))))
                    continue
                }
                var extra: [String: ReportJSON] = [:]
                if let machineId { extra["machine-id"] = .string(machineId) }
                if let machineName { extra["machine-name"] = .string(machineName) }
                if let name { extra["backup-name"] = .string(name) }
                // Uploads name the job "DB-<ID>" (Duplicati's Runner.cs); collected rows use the same.
                if let jobId { extra["backup-id"] = .string(jobId.hasPrefix("DB-") ? jobId : "DB-" + jobId) }
                entries.append(Entry(label: label, report: .success(report(result: result, extra: extra))))
            }
        }
        return entries
    }

    /// The machine id: the `DefaultValue` of the `machine-id` element of `system_info.Options`.
    static func machineIdOption(_ system: [String: ReportJSON]) -> String? {
        let option = system["Options"]?.arrayValue?.first { $0.objectValue?["Name"]?.stringValue == "machine-id" }
        return option?.objectValue?["DefaultValue"]?.stringValue
    }

    /// The result of a log row: an object (the downloaded file parsed it), or the JSON string
    /// Duplicati's API returns.
    static func resultObject(_ row: ReportJSON) -> [String: ReportJSON]? {
        switch row.objectValue?["Message"] {
        case .object(let result)?:
            return result
        case .string(let text)?:
            return (try? ReportJSONParser.parse(Array(text.utf8)))?.objectValue
        default:
            return nil
        }
    }

    /// The report Duplicati would have sent: the result as `Data`, its log lines as `LogLines`.
    static func report(result: [String: ReportJSON], extra: [String: ReportJSON]) -> ReportJSON {
        var data = result
        var lines: [ReportJSON] = []
        for key in ["Messages", "Warnings", "Errors"] {
            lines += data.removeValue(forKey: key)?.arrayValue ?? []
        }
        return .object(["Data": .object(data), "Extra": .object(extra), "LogLines": .array(lines)])
    }
}
