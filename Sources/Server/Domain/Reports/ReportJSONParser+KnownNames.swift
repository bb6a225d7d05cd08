#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// A `String` of up to 15 bytes is stored inline; a longer one takes an allocation. Duplicati's
// reports hold about 40 member names longer than that ("SizeOfExaminedFiles",
// "BackendStatistics"…), and each became an allocation of its own in every upload. The parser
// returns these names as the constants below instead. Any other name is read as before.
extension ReportJSONParser {
    /// The names, by their length in bytes.
    static let knownLongNames: [[String]] = {
        let names = [
            "AssignedQuotaSpace", "BackendStatistics", "DeletedFileCount", "DeletedSetsActualLength",
            "DownloadedFileCount", "DownloadedFileSize", "ErrorsActualLength", "MessagesActualLength",
            "ModifiedSymlinks", "NotProcessedFiles", "RecreateDatabaseResults", "RemoteStackIndex", "RemoteStackTraceString",
            "ReportedQuotaError", "ReportedQuotaWarning", "RestoredSymlinks", "SizeOfAddedFiles", "SizeOfExaminedFiles",
            "SizeOfModifiedFiles", "SizeOfOpenedFiles", "SizeOfRestoredFiles", "StackTraceString", "UnknownFileCount",
            "UploadedFileCount", "UploadedFileSize", "VerificationsActualLength", "WarningsActualLength",
        ]
        var byLength = [[String]](repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for name in names { byLength[name.utf8.count].append(name) }
        return byLength
    }()

    /// The known name whose bytes are `bytes[range]`, nil when there is none.
    static func knownName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        guard range.count < knownLongNames.count, let base = bytes.baseAddress else { return nil }
        for name in knownLongNames[range.count] {
            let same = name.utf8.withContiguousStorageIfAvailable { known in
                known.baseAddress.map { memcmp($0, base + range.lowerBound, range.count) == 0 } ?? false
            }
            if same == true { return name }
        }
        return nil
    }
}
