import FlatStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// History pages, last-backup answers and exports read many run bodies; `JSONDecoder` spent most
// of that time building the `raw` report tree one failed type guess at a time. The canonical
// body is parsed here with the upload's own parser instead. Anything that does not read as the
// canonical form (an older body) takes the `Codable` path, so nothing readable before is lost.

extension ParsedRun {
    /// Reads a stored run body: the canonical form directly, any other through `Codable`.
    package init(storedBody: [UInt8]) throws(StoreError) {
        if let tree = try? ReportJSONParser.parse(storedBody), let run = Self(canonical: tree) {
            self = run
        } else {
            self = try Self.decodedWithCodable(storedBody)
        }
    }

    /// The run of a canonical body's tree; nil when a field is missing or of another type.
    init?(canonical tree: ReportJSON) {
        guard let body = tree.objectValue, let backend = body["backend"].flatMap(Backend.init(stored:)),
            let files = body["files"].flatMap(Files.init(stored:)), let logs = body["logs"].flatMap(Logs.init(stored:)),
            let id = body["id"]?.stringValue, let serverId = body["serverId"]?.stringValue,
            let serverName = body["serverName"]?.stringValue, let backupName = body["backupName"]?.stringValue,
            let status = body["status"]?.stringValue.flatMap(Status.init(rawValue:)),
            let beginTime = body["beginTime"].flatMap(Self.storedTime), let endTime = body["endTime"].flatMap(Self.storedTime),
            let durationSeconds = body["durationSeconds"]?.doubleValue,
            let versionTimes = body["availableVersions"]?.arrayValue, let extraMembers = body["extra"]?.objectValue,
            let raw = body["raw"]?.objectValue
        else { return nil }
        let availableVersions = versionTimes.compactMap(Self.storedTime)
        let extra = extraMembers.compactMapValues(\.stringValue)
        guard availableVersions.count == versionTimes.count, extra.count == extraMembers.count,
            let optionals = Self.optionalStrings(body, "duplicatiBackupId", "duplicatiVersion", "exception")
        else { return nil }
        var reader = StoredFields(body)
        let fileCount = reader.int("fileCount")
        let fileSize = reader.int("fileSize")
        let uploadedSize = reader.int("uploadedSize")
        let storageSize = reader.int("storageSize")
        let versions = reader.int("versions")
        let warnings = reader.int("warnings")
        let errors = reader.int("errors")
        let messages = reader.int("messages")
        let interrupted = reader.bool("interrupted")
        let partialBackup = reader.bool("partialBackup")
        let dryrun = reader.bool("dryrun")
        guard reader.complete else { return nil }
        self.init(
            id: id,
            serverId: serverId,
            serverName: serverName,
            backupName: backupName,
            duplicatiBackupId: optionals[0],
            status: status,
            beginTime: beginTime,
            endTime: endTime,
            durationSeconds: durationSeconds,
            fileCount: fileCount,
            fileSize: fileSize,
            uploadedSize: uploadedSize,
            storageSize: storageSize,
            versions: versions,
            availableVersions: availableVersions,
            warnings: warnings,
            errors: errors,
            messages: messages,
            files: files,
            backend: backend,
            interrupted: interrupted,
            partialBackup: partialBackup,
            dryrun: dryrun,
            duplicatiVersion: optionals[1],
            exception: optionals[2],
            logs: logs,
            extra: extra,
            raw: raw
        )
    }

    private static func decodedWithCodable(_ body: [UInt8]) throws(StoreError) -> ParsedRun {
        do {
            return try JSONDecoder().decode(ParsedRun.self, from: Data(body))
        } catch {
            throw StoreError.codec("could not decode \(collection) record: \(error)")
        }
    }

    /// A stored time: ISO 8601 text, or the epoch milliseconds of older bodies (`StoredTime`).
    fileprivate static func storedTime(_ value: ReportJSON) -> Int64? {
        if let text = value.stringValue { return ReportTimestamp.parseISO(text)?.epochMilliseconds }
        if case .int(let milliseconds) = value { return milliseconds }
        return nil
    }

    /// Optional string members, absent or null meaning nil; nil when one has another type.
    private static func optionalStrings(_ body: ReportObject, _ names: String...) -> [String?]? {
        var values: [String?] = []
        for name in names {
            switch body[name] {
            case nil, .null?: values.append(nil)
            case .string(let text)?: values.append(text)
            default: return nil
            }
        }
        return values
    }
}

/// Reads required integer and boolean members, remembering whether any was missing.
private struct StoredFields {
    let members: ReportObject
    private(set) var complete = true

    init(_ members: ReportObject) {
        self.members = members
    }

    mutating func int(_ name: String) -> Int64 {
        guard case .int(let value)? = members[name] else {
            complete = false
            return 0
        }
        return value
    }

    mutating func bool(_ name: String) -> Bool {
        guard case .bool(let value)? = members[name] else {
            complete = false
            return false
        }
        return value
    }
}

extension ParsedRun.Files {
    fileprivate init?(stored: ReportJSON) {
        guard let members = stored.objectValue else { return nil }
        var reader = StoredFields(members)
        self.init(
            added: reader.int("added"),
            deleted: reader.int("deleted"),
            modified: reader.int("modified"),
            opened: reader.int("opened"),
            examined: reader.int("examined"),
            notProcessed: reader.int("notProcessed"),
            tooLarge: reader.int("tooLarge"),
            withError: reader.int("withError"),
            addedFolders: reader.int("addedFolders"),
            deletedFolders: reader.int("deletedFolders"),
            modifiedFolders: reader.int("modifiedFolders"),
            addedSymlinks: reader.int("addedSymlinks"),
            deletedSymlinks: reader.int("deletedSymlinks"),
            modifiedSymlinks: reader.int("modifiedSymlinks"),
            sizeOfAdded: reader.int("sizeOfAdded"),
            sizeOfModified: reader.int("sizeOfModified"),
            sizeOfOpened: reader.int("sizeOfOpened")
        )
        guard reader.complete else { return nil }
    }
}

extension ParsedRun.Backend {
    fileprivate init?(stored: ReportJSON) {
        guard let members = stored.objectValue else { return nil }
        var lastBackupDate: Int64?
        switch members["lastBackupDate"] {
        case nil, .null?: lastBackupDate = nil
        case let value?:
            guard let time = ParsedRun.storedTime(value) else { return nil }
            lastBackupDate = time
        }
        var reader = StoredFields(members)
        self.init(
            bytesDownloaded: reader.int("bytesDownloaded"),
            filesUploaded: reader.int("filesUploaded"),
            filesDownloaded: reader.int("filesDownloaded"),
            filesDeleted: reader.int("filesDeleted"),
            remoteCalls: reader.int("remoteCalls"),
            retryAttempts: reader.int("retryAttempts"),
            knownFileCount: reader.int("knownFileCount"),
            lastBackupDate: lastBackupDate,
            quotaTotal: reader.int("quotaTotal"),
            quotaFree: reader.int("quotaFree"),
            reportedQuotaError: reader.bool("reportedQuotaError"),
            reportedQuotaWarning: reader.bool("reportedQuotaWarning")
        )
        guard reader.complete else { return nil }
    }
}

extension ParsedRun.Logs {
    fileprivate init?(stored: ReportJSON) {
        guard let members = stored.objectValue else { return nil }
        func lines(_ name: String) -> [String]? {
            guard let elements = members[name]?.arrayValue else { return nil }
            let texts = elements.compactMap(\.stringValue)
            return texts.count == elements.count ? texts : nil
        }
        guard let messages = lines("messages"), let warnings = lines("warnings"), let errors = lines("errors") else { return nil }
        var order: String?
        switch members["order"] {
        case nil, .null?: order = nil
        case .string(let text)?: order = text
        default: return nil
        }
        var reader = StoredFields(members)
        self.init(
            messages: messages,
            warnings: warnings,
            errors: errors,
            truncated: reader.bool("truncated"),
            omittedLines: reader.int("omittedLines"),
            order: order
        )
        guard reader.complete else { return nil }
    }
}
