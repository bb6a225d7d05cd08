import FlatStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import XCTest

@testable import Server

/// Builds stored runs with only the figures charts read, and checks served series against tables.
enum ChartFixture {
    /// Epoch milliseconds of a UTC ISO 8601 text that the test writes itself.
    static func ms(_ text: String) -> Int64 {
        ReportTimestamp.parseISO(text)?.epochMilliseconds ?? Int64.min
    }

    /// A run of `backup` on server `id` (named `name`) beginning at `begin`, with `figures` =
    /// [seconds, uploaded, files, size, storage, versions].
    static func run(_ id: String, _ name: String, _ backup: String, _ begin: String, _ figures: [Int64]) -> ParsedRun {
        let value = { (index: Int) in figures.indices.contains(index) ? figures[index] : 0 }
        let beginTime = ms(begin)
        return ParsedRun(
            id: RunIdentity.runId(serverId: id, backupName: backup, beginTime: beginTime),
            serverId: id,
            serverName: name,
            backupName: backup,
            duplicatiBackupId: nil,
            status: .success,
            beginTime: beginTime,
            endTime: beginTime + value(0) * 1000,
            durationSeconds: Double(value(0)),
            fileCount: value(2),
            fileSize: value(3),
            uploadedSize: value(1),
            storageSize: value(4),
            versions: value(5),
            availableVersions: [],
            warnings: 0,
            errors: 0,
            messages: 0,
            files: ParsedRun.Files(),
            backend: ParsedRun.Backend(),
            interrupted: false,
            partialBackup: false,
            dryrun: false,
            duplicatiVersion: nil,
            exception: nil,
            logs: ParsedRun.Logs(),
            extra: ["machine-id": id, "machine-name": name],
            raw: [:]
        )
    }

    /// Ingests `runs` into the store at `directory` through `BackupStore`, then closes it.
    static func seed(_ directory: String, _ runs: [ParsedRun]) async throws {
        let store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        for run in runs { _ = try await backups.ingest(run, receivedAt: run.endTime) }
        await store.close()
    }

    /// GETs `uri` and returns the status and decoded body.
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let response = try await client.execute(uri: uri, method: .get)
        return (response.status, try JSONObject(response.body))
    }

    /// The names of a point's fields in the order of an expectation row after `date` and `isoDate`.
    static let columns = [
        "uploadedSize", "durationSeconds", "durationMinutes", "fileCount", "fileSize", "storageSize", "backupVersions", "runs",
    ]

    /// Asserts that a success envelope's `data` is exactly `rows`, in order and field by field; each row is
    /// `"date isoDate uploaded seconds minutes files size storage versions runs"`.
    static func assertSeries(
        _ json: [String: Any],
        _ rows: [String],
        _ label: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(json["status"] as? String, "success", label, file: file, line: line)
        guard let data = json["data"] as? [[String: Any]] else {
            return XCTFail("\(label): data is not an array of objects", file: file, line: line)
        }
        let expected = rows.map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(data.map { $0["date"] as? String }, expected.map(\.first), label, file: file, line: line)
        for (point, row) in zip(data, expected) where row.count == 2 + columns.count {
            let at = "\(label) \(row[0])"
            XCTAssertEqual(Set(point.keys), Set(["date", "isoDate"] + columns), at, file: file, line: line)
            XCTAssertEqual(point["isoDate"] as? String, row[1], at, file: file, line: line)
            for (column, text) in zip(columns, row.dropFirst(2)) {
                XCTAssertEqual((point[column] as? NSNumber)?.doubleValue, Double(text), "\(at) \(column)", file: file, line: line)
            }
        }
        XCTAssertTrue(expected.allSatisfy { $0.count == 2 + columns.count }, "\(label): malformed row", file: file, line: line)
    }
}
