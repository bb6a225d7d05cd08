/// A backup result from a Duplicati job log, shaped as the report Duplicati would have uploaded
/// for it, so it goes through the upload's mapping unchanged.
struct CollectedReport: Sendable {
    /// `{Data, Extra, LogLines}` like an HTTP report.
    var json: ReportJSON

    /// The report for `result` of `job` on `server`; nil when the result is not a backup.
    ///
    /// Job-log results carry their log as `Messages`, `Warnings` and `Errors` (up to 20 each)
    /// instead of `LogLines`, and no `Extra`: the job and machine come from the collect. The job
    /// is named `DB-<id>` as its uploads name it, so a run collected and uploaded is one run.
    init?(result: ReportJSON, job: CollectedJob, server: ServerRecord) {
        guard var data = result.objectValue, data["MainOperation"]?.stringValue == "Backup" else { return nil }
        var lines: [ReportJSON] = []
        for key in ["Messages", "Warnings", "Errors"] {
            lines += data[key]?.arrayValue?.filter { $0.stringValue != nil } ?? []
            data[key] = nil
        }
        json = .object([
            "Data": .object(data),
            "Extra": .object([
                "OperationName": .string("Backup"),
                "machine-id": .string(server.id),
                "machine-name": .string(server.name),
                "backup-name": .string(job.name),
                "backup-id": .string("DB-\(job.duplicatiId)"),
            ]),
            "LogLines": .array(lines),
        ])
    }
}
