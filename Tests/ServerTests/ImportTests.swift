import FlatStore
import Foundation
import XCTest

@testable import Server

/// `duplistatus import`: report files, directories and collected files go through the upload's own
/// path — stored, then duplicates, ignored operations, rejections with the upload's reasons.
final class ImportTests: XCTestCase {
    /// The data directory of this test.
    var dataDirectory = ""

    override func setUp() {
        dataDirectory = TestDataDirectory.make("import", for: self)
    }

    /// Imports `files` into a store on the test's data directory, as the command does.
    func importFiles(_ files: [String], naming: UploadNaming = .none) async throws -> ImportSummary {
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: dataDirectory), schema: .duplistatus)
        defer { store.closeBlocking() }
        let importer = ReportFileImport(receiver: ReportIntake(backups: BackupStore(store: store), clock: SystemClock()), naming: naming)
        var summary = ImportSummary()
        for file in try ReportFiles.expand(files) {
            try await importer.importFile(try ReportFiles.read(file), source: file, into: &summary)
        }
        return summary
    }

    /// `../shared/samples/duplicati-reports`, or a skip that says it is missing.
    func realReportsDirectory() throws -> String {
        let url = Fixtures.testsDirectory.appendingPathComponent("../../../shared/samples/duplicati-reports").standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/samples/duplicati-reports is absent beside the checkout; the real sample reports are not in the repository")
        }
        return url.path
    }

    func testARealReportIsStoredThenADuplicate() async throws {
        let file = try realReportsDirectory() + "/" + RealReports.sampleName
        let first = try await importFiles([file])
        XCTAssertEqual(first.stored, 1, first.rendered)
        XCTAssertEqual(first.rejected, [])
        let second = try await importFiles([file])
        XCTAssertEqual(second.stored, 0, second.rendered)
        XCTAssertEqual(second.duplicate, 1, second.rendered)
    }

    func testADirectoryOfRealSamples() async throws {
        let directory = try realReportsDirectory()
        let summary = try await importFiles([directory])
        // Every *.json report of the directory, and only those (the .txt captures are not read).
        let jsonFiles = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(summary.total, jsonFiles.count, summary.rendered)
        // Backups of 2.0.8 to 2.1: the success, error, fatal, no-machine-name, many- and truncated-loglines ones;
        // the last two are one run (same machine, job and begin time), so the second is a duplicate.
        XCTAssertEqual(summary.stored, 6, summary.rendered)
        XCTAssertEqual(summary.duplicate, 1, summary.rendered)
        // A restore and the 2.0.7 fatal report (an exception as Data).
        XCTAssertEqual(summary.ignored, 2, summary.rendered)
        // The fragments are not whole reports; each rejection says what is missing, as the upload's 400 does.
        XCTAssertEqual(summary.rejected.count, jsonFiles.count - 9, summary.rendered)
        for rejection in summary.rejected {
            XCTAssertTrue(rejection.source.contains("real-fragment-"), rejection.source)
            XCTAssertFalse(rejection.reason.isEmpty)
        }
        let again = try await importFiles([directory])
        XCTAssertEqual(again.stored, 0, again.rendered)
        XCTAssertEqual(again.duplicate, 7, again.rendered)
    }

    func testRejectionsCarryTheUploadsReasons() async throws {
        let form = Fixtures.url("synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt").path
        let legacy = Fixtures.url("synthetic-backup-success-2.0.7.1-no-machine-id.json").path
        let summary = try await importFiles([form, legacy])
        XCTAssertEqual(summary.rejected.count, 2, summary.rendered)
        XCTAssertEqual(summary.rejected[0].reason, UploadParser.formEncodedMessage)
        XCTAssertTrue(summary.rejected[1].reason.contains("Extra.machine-id"), summary.rejected[1].reason)
        XCTAssertTrue(summary.rendered.contains("rejected \(form): The report is form-encoded"), summary.rendered)

        // The flags name what a report before 2.0.8 lacks, as the upload URL's query does.
        let named = try await importFiles([legacy], naming: UploadNaming(serverName: "office-nas", backupName: "Documents"))
        XCTAssertEqual(named.stored, 1, named.rendered)
    }

    func testACollectedDownloadJsonFileImportsEveryBackupRun() async throws {
        let file = Fixtures.url("node-duplistatus-collect-downloaded-file.example.json").path
        let summary = try await importFiles([file])
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("node-duplistatus-collect-expected-records.json")))
        let records = try XCTUnwrap((expected as? [String: Any])?["records"] as? [[String: Any]])
        XCTAssertEqual(summary.stored, records.count, summary.rendered)
        XCTAssertEqual(summary.rejected, [])

        let store = try FlatStore.open(StoreOptions.duplistatus(directory: dataDirectory), schema: .duplistatus)
        defer { store.closeBlocking() }
        let backups = BackupStore(store: store)
        for record in records {
            let server = try XCTUnwrap(record["server_id"] as? String)
            let name = try XCTUnwrap(record["backup_name"] as? String)
            let date = try XCTUnwrap(record["date"] as? String)
            let begin = try XCTUnwrap(ReportTimestamp.parseISO(date)).epochMilliseconds
            let run = try XCTUnwrap(try backups.runWithLogs(RunIdentity.runId(serverId: server, backupName: name, beginTime: begin)))
            XCTAssertEqual(run.status.rawValue, record["status"] as? String)
            XCTAssertEqual(run.fileSize, (record["size"] as? NSNumber)?.int64Value)
            XCTAssertEqual(run.uploadedSize, (record["uploaded_size"] as? NSNumber)?.int64Value)
            XCTAssertEqual(run.warnings, (record["warnings"] as? NSNumber)?.int64Value)
            XCTAssertEqual(run.duplicatiBackupId, "DB-" + (record["backup_id"] as? String ?? ""))
            let warnings = try JSONSerialization.jsonObject(with: Data((record["warnings_array"] as? String ?? "[]").utf8)) as? [String]
            XCTAssertEqual(run.logs.warnings, warnings ?? [])
        }
    }
}
