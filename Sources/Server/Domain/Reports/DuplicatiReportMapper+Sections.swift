extension DuplicatiReportMapper {
    /// The typed parts of `Data` besides identity and times, and what is left of it verbatim.
    struct DataSections {
        var files = ParsedRun.Files()
        var backend = ParsedRun.Backend()
        var fileSize: Int64 = 0
        var uploadedSize: Int64 = 0
        var storageSize: Int64 = 0
        /// `BackupListCount`; nil when the report has no BackendStatistics.
        var versions: Int64?
        /// The `*ActualLength` counters; nil when absent (trimmed reports), so the caller can count lines.
        var warnings: Int64?
        var errors: Int64?
        var messages: Int64?
        var interrupted = false
        var partialBackup = false
        var dryrun = false
        var version: String?
        /// Data keys not mapped losslessly, with redundant nested BackendStatistics removed.
        var rawData: ReportObject = [:]
    }

    /// Reads the counters, flags and BackendStatistics of a `BackupResults` object.
    static func readSections(_ data: inout ReportFieldReader) -> DataSections {
        var sections = DataSections()
        sections.files = ParsedRun.Files(
            added: data.count("AddedFiles"),
            deleted: data.count("DeletedFiles"),
            modified: data.count("ModifiedFiles"),
            opened: data.count("OpenedFiles"),
            examined: data.count("ExaminedFiles"),
            notProcessed: data.count("NotProcessedFiles"),
            tooLarge: data.count("TooLargeFiles"),
            withError: data.count("FilesWithError"),
            addedFolders: data.count("AddedFolders"),
            deletedFolders: data.count("DeletedFolders"),
            modifiedFolders: data.count("ModifiedFolders"),
            addedSymlinks: data.count("AddedSymlinks"),
            deletedSymlinks: data.count("DeletedSymlinks"),
            modifiedSymlinks: data.count("ModifiedSymlinks"),
            sizeOfAdded: data.count("SizeOfAddedFiles"),
            sizeOfModified: data.count("SizeOfModifiedFiles"),
            sizeOfOpened: data.count("SizeOfOpenedFiles")
        )
        sections.fileSize = data.count("SizeOfExaminedFiles")
        sections.partialBackup = data.bool("PartialBackup")
        sections.dryrun = data.bool("Dryrun")
        sections.interrupted = data.bool("Interrupted")
        // Kept in raw as well: the API serves only the release name in parentheses.
        sections.version = data.string("Version", lossless: false)
        sections.messages = data.integer("MessagesActualLength")
        sections.warnings = data.integer("WarningsActualLength")
        sections.errors = data.integer("ErrorsActualLength")

        var statsRemainder: ReportObject = [:]
        if let stats = data.object("BackendStatistics") {
            var reader = ReportFieldReader(stats, named: "BackendStatistics", in: data)
            sections.uploadedSize = reader.count("BytesUploaded")
            sections.storageSize = reader.count("KnownFileSize")
            sections.versions = reader.integer("BackupListCount")
            sections.backend = readBackend(&reader)
            data.absorb(reader)
            statsRemainder = reader.remainder
        }
        var rawData = data.remainder
        if let topStats = data.source["BackendStatistics"] {
            rawData.replaceValues { withoutCopies(of: topStats, in: $0) }
        }
        if !statsRemainder.isEmpty { rawData["BackendStatistics"] = .object(statsRemainder) }
        sections.rawData = rawData
        return sections
    }

    private static func readBackend(_ reader: inout ReportFieldReader) -> ParsedRun.Backend {
        ParsedRun.Backend(
            bytesDownloaded: reader.count("BytesDownloaded"),
            filesUploaded: reader.count("FilesUploaded"),
            filesDownloaded: reader.count("FilesDownloaded"),
            filesDeleted: reader.count("FilesDeleted"),
            remoteCalls: reader.count("RemoteCalls"),
            retryAttempts: reader.count("RetryAttempts"),
            knownFileCount: reader.count("KnownFileCount"),
            // The local offset it carries is lost in milliseconds, so the text also stays in raw.
            lastBackupDate: reader.timestamp("LastBackupDate", required: false)?.epochMilliseconds,
            // Quotas are not validated for sign: some backends report -1 for "unknown".
            quotaTotal: reader.integer("TotalQuotaSpace", allowNegative: true) ?? 0,
            quotaFree: reader.integer("FreeQuotaSpace", allowNegative: true) ?? 0,
            reportedQuotaError: reader.bool("ReportedQuotaError"),
            reportedQuotaWarning: reader.bool("ReportedQuotaWarning")
        )
    }

    /// `value` without the nested results' `BackendStatistics` that equal the top-level `stats`,
    /// or nil when it holds none. Duplicati serializes the same shared object into every nested
    /// result, so dropping the copies is lossless and saves about a kilobyte per nested result in
    /// the store; returning nil for the rest means `Data` is not rebuilt unchanged (which was a
    /// noticeable part of an upload's CPU).
    private static func withoutCopies(of stats: ReportJSON, in value: ReportJSON) -> ReportJSON? {
        guard case .object(var members) = value else { return nil }
        var changed = false
        if let nested = members["BackendStatistics"], nested == stats {
            members["BackendStatistics"] = nil
            changed = true
        }
        members.replaceValues { member in
            guard let pruned = withoutCopies(of: stats, in: member) else { return nil }
            changed = true
            return pruned
        }
        return changed ? .object(members) : nil
    }

    /// The release name from `Version` ("2.1.0.5 (2.1.0.5_stable_2025-03-04)" → the part in parentheses).
    ///
    /// The parentheses are found as bytes: as `Character`s the search cost half a percent of an upload.
    static func releaseName(_ version: String) -> String {
        let text = ReportText.trimmed(version)
        let bytes = text.utf8
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
            open < close
        else { return String(text) }
        let inner = ReportText.trimmed(text[bytes.index(after: open)..<close])
        return inner.isEmpty ? String(text) : String(inner)
    }

    /// `LogLines` split by level; a non-array or a non-string entry is a problem.
    static func readLogLines(_ root: inout ReportFieldReader) -> ParsedRun.Logs {
        guard let value = root.value("LogLines") else { return ParsedRun.Logs() }
        guard let elements = value.arrayValue else {
            root.report("LogLines", .wrongType(expected: "an array of strings", got: value.typeName))
            return ParsedRun.Logs()
        }
        var entries: [String] = []
        entries.reserveCapacity(elements.count)
        for element in elements {
            guard let text = element.stringValue else {
                let got = "an array holding \(element.typeName)"
                root.report("LogLines", .wrongType(expected: "an array of strings", got: got))
                return ParsedRun.Logs()
            }
            entries.append(text)
        }
        return ReportLogLine.split(entries)
    }
}
