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

    /// GETs `uri` and returns the status and the answer read as a chart series.
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, APIResult<[API.ChartPoint]>) {
        let result = try await client.get(uri, as: [API.ChartPoint].self)
        return (result.status, result)
    }

    /// The names of a point's fields in the order of an expectation row after `date` and `isoDate`.
    static let columns = [
        "uploadedSize", "durationSeconds", "durationMinutes", "fileCount", "fileSize", "storageSize", "backupVersions", "runs",
    ]

    /// Asserts that a success envelope's `data` is exactly `rows`, in order and field by field; each row is
    /// `"date isoDate uploaded seconds minutes files size storage versions runs"`.
    static func assertSeries(
        _ result: APIResult<[API.ChartPoint]>,
        _ rows: [String],
        _ label: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(result.envelope.status, "success", label, file: file, line: line)
        guard let points = result.envelope.data else {
            return XCTFail("\(label): no series", file: file, line: line)
        }
        XCTAssertTrue(result.elementKeys.allSatisfy { $0 == Set(["date", "isoDate"] + columns) }, label, file: file, line: line)
        let rendered = points.map { point in
            let figures: [Double] = [
                Double(point.uploadedSize), point.durationSeconds, point.durationMinutes, Double(point.fileCount), Double(point.fileSize),
                Double(point.storageSize), Double(point.backupVersions), Double(point.runs),
            ]
            return [point.date, point.isoDate] + figures.map(Self.number)
        }
        let expected = rows.map { $0.split(separator: " ").map(String.init) }
        XCTAssertTrue(expected.allSatisfy { $0.count == 2 + columns.count }, "\(label): malformed row", file: file, line: line)
        let normalised = expected.map { row in Array(row.prefix(2)) + row.dropFirst(2).map { Double($0).map(Self.number) ?? $0 } }
        XCTAssertEqual(rendered, normalised, label, file: file, line: line)
    }

    /// A figure as the expectation rows write it: no fraction when it is whole.
    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
