/// What a collect read, as the Node duplistatus's `downloadJson` file holds it: the system info
/// (options cut to `machine-id`, module lists dropped), the job list with every destination URL
/// redacted (Duplicati returns them with credentials), and each job's kept backup results.
struct CollectedData: Sendable {
    var json: ReportJSON

    /// Keys of the system info that list installed modules: long, and of no use here.
    static let moduleKeys: Set<String> = [
        "CompressionModules", "EncryptionModules", "BackendModules", "GenericModules", "WebModules",
        "ConnectionModules", "SecretProviderModules", "ServerModules", "LogLevels", "SupportedLocales",
    ]

    /// The data of `outcome`.
    init(_ outcome: CollectOutcome) {
        var info = outcome.systemInfo.objectValue ?? [:]
        for key in Self.moduleKeys { info[key] = nil }
        if let options = info["Options"]?.arrayValue {
            info["Options"] = .array(options.filter { $0.objectValue?["Name"]?.stringValue == "machine-id" })
        }
        let jobs = (outcome.backupList.arrayValue ?? []).map(Self.redacted)
        let logs = outcome.jobs.map { job in
            ReportJSON.object([
                "backupId": .string(job.duplicatiId),
                "backupName": .string(job.name),
                "messages": .array(job.results),
            ])
        }
        json = .object(["system_info": .object(info), "backups": .array(jobs), "backup_logs": .array(logs)])
    }

    /// A job entry with `Backup.TargetURL` cut to its scheme: `ssh://u:p@h/x` → `ssh:***--REDACTED--***`.
    static func redacted(_ entry: ReportJSON) -> ReportJSON {
        guard var members = entry.objectValue, var backup = members["Backup"]?.objectValue,
            let target = backup["TargetURL"]?.stringValue, !target.isEmpty
        else { return entry }
        let scheme = target.prefix { $0 != ":" }
        backup["TargetURL"] = .string("\(scheme):***--REDACTED--***")
        members["Backup"] = .object(backup)
        return .object(members)
    }
}
