/// The file the collect's `downloadJson` option produces (`{system_info, backups, backup_logs}`),
/// read as the Duplicati reports it stands for: each job log row is shaped by `CollectedReport`,
/// exactly as the collect stores it, so it goes through the same mapping as an upload.
///
/// A log row's result has no `Extra` (duplicati-server.md §2.4): the machine comes from
/// `system_info` (the `machine-id` option and `MachineName`), the job's name and id from `backup_logs`.
enum CollectedLogFile {
    /// One log row of the file.
    struct Entry: Sendable {
        /// What the row holds.
        enum Content: Sendable {
            /// The report Duplicati would have sent for the row's backup.
            case report(ReportJSON)
            /// A result of another operation.
            case ignored(operation: String)
            /// Why no report could be built from the row.
            case rejected(reason: String)
        }

        /// "job 'Name' log row 5", for the summary's reasons.
        var label: String
        var content: Content
    }

    /// True when `top` has the shape of a collected file rather than a report.
    static func matches(_ top: ReportObject) -> Bool {
        top["backup_logs"] != nil && top["system_info"] != nil
    }

    /// Every log row of the file; `naming` names the machine when `system_info` lacks its id or name.
    static func entries(_ top: ReportObject, naming: UploadNaming) -> [Entry] {
        let system = top["system_info"]?.objectValue ?? [:]
        let machineName = ReportText.nonBlank(system["MachineName"]?.stringValue) ?? naming.serverName
        let machineId = ReportText.nonBlank(machineIdOption(system)) ?? naming.serverId
        var entries: [Entry] = []
        for (jobIndex, job) in (top["backup_logs"]?.arrayValue ?? []).enumerated() {
            let fields = job.objectValue ?? [:]
            let name = ReportText.nonBlank(fields["backupName"]?.stringValue)
            let jobId = fields["backupId"].flatMap { $0.stringValue ?? $0.int64Value.map(String.init) } ?? ""
            for (rowIndex, row) in (fields["messages"]?.arrayValue ?? []).enumerated() {
                let rowId = row.objectValue?["ID"]?.int64Value.map(String.init) ?? "#\(rowIndex + 1)"
                let label = "job '\(name ?? "#\(jobIndex + 1)")' log row \(rowId)"
                guard let machineId, let machineName else {
                    let reason =
                        "the file's system_info names no machine (machine-id option, MachineName); name it with --server-id and --server-name"
                    entries.append(Entry(label: label, content: .rejected(reason: reason)))
                    continue
                }
                guard let name, let result = resultObject(row) else {
                    let reason = name == nil ? "the job has no backupName" : "the log row's Message is not a result object"
                    entries.append(Entry(label: label, content: .rejected(reason: reason)))
                    continue
                }
                let server = ServerRecord(id: machineId, name: machineName, firstSeen: 0, lastSeen: 0)
                let job = CollectedJob(duplicatiId: jobId, name: name, schedule: nil)
                if let report = CollectedReport(result: .object(result), job: job, server: server) {
                    entries.append(Entry(label: label, content: .report(report.json)))
                } else {
                    let operation = result["MainOperation"]?.stringValue ?? "unknown"
                    entries.append(Entry(label: label, content: .ignored(operation: operation)))
                }
            }
        }
        return entries
    }

    /// The machine id: the `DefaultValue` of the `machine-id` element of `system_info.Options`.
    static func machineIdOption(_ system: ReportObject) -> String? {
        let option = system["Options"]?.arrayValue?.first { $0.objectValue?["Name"]?.stringValue == "machine-id" }
        return option?.objectValue?["DefaultValue"]?.stringValue
    }

    /// The result of a log row: an object (the downloaded file parsed it), or the JSON string
    /// Duplicati's API returns.
    static func resultObject(_ row: ReportJSON) -> ReportObject? {
        switch row.objectValue?["Message"] {
        case .object(let result)?:
            return result
        case .string(let text)?:
            return (try? ReportJSONParser.parse(Array(text.utf8)))?.objectValue
        default:
            return nil
        }
    }
}
