import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// One run in the generic report format of api.md §2, with every figure chosen by the test.
struct GenericRun {
    var serverName: String
    var serverId: String?
    var backup: String
    var status: String
    /// Epoch milliseconds.
    var begin: Int64
    var duration: Double
    var size: Int64 = 0
    var storage: Int64 = 0
    var uploaded: Int64 = 0
    var versions: Int64 = 0
    var files: Int64 = 0
    /// `(level, text)` log entries.
    var messages: [(String, String)] = []

    /// The report's JSON text.
    var body: ByteBuffer {
        var server: [String: Any] = ["name": serverName, "version": "2.1.0.5"]
        if let serverId { server["id"] = serverId }
        let report: [String: Any] = [
            "server": server,
            "backup": [
                "name": backup, "status": status, "startTime": ReportTimestamp.isoString(epochMilliseconds: begin),
                "duration": duration, "files": files, "size": size, "storageUsed": storage, "uploadedSize": uploaded,
                "versions": versions, "messages": messages.map { ["level": $0.0, "message": $0.1] },
            ] as [String: Any],
        ]
        // Both dictionaries hold only JSON types, so serialisation cannot fail.
        return ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: report)) ?? Data())
    }

    /// The id the store gives this run.
    var id: String {
        RunIdentity.runId(
            serverId: serverId ?? RunIdentity.derivedServerId(name: serverName),
            backupName: backup,
            beginTime: begin
        )
    }
}
