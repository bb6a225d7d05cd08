import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// Seeds and inspects stores for the server-administration and metrics tests.
enum AdminFleet {
    /// Epoch milliseconds of a UTC ISO 8601 text the test writes itself.
    static func ms(_ text: String) -> Int64 {
        ReportTimestamp.parseISO(text)?.epochMilliseconds ?? Int64.min
    }

    /// A run with the figures these tests read; the id derives from server, backup and begin time.
    static func run(
        _ serverId: String,
        _ serverName: String,
        _ backup: String,
        begin: Int64,
        status: ParsedRun.Status = .success,
        seconds: Double = 60,
        uploaded: Int64 = 0,
        storage: Int64 = 0,
        versions: Int64 = 0,
        messages: [String] = []
    ) -> ParsedRun {
        ParsedRun(
            id: RunIdentity.runId(serverId: serverId, backupName: backup, beginTime: begin),
            serverId: serverId,
            serverName: serverName,
            backupName: backup,
            duplicatiBackupId: nil,
            status: status,
            beginTime: begin,
            endTime: begin + Int64(seconds * 1000),
            durationSeconds: seconds,
            fileCount: 1,
            fileSize: 10,
            uploadedSize: uploaded,
            storageSize: storage,
            versions: versions,
            availableVersions: [],
            warnings: 0,
            errors: 0,
            messages: Int64(messages.count),
            files: ParsedRun.Files(),
            backend: ParsedRun.Backend(),
            interrupted: false,
            partialBackup: false,
            dryrun: false,
            duplicatiVersion: nil,
            exception: nil,
            logs: ParsedRun.Logs(messages: messages),
            extra: ["machine-id": serverId, "machine-name": serverName],
            raw: [:]
        )
    }

    /// Ingests each run as received at its `receivedAt` (its end time when nil), then closes the store.
    static func seed(_ directory: String, _ runs: [(run: ParsedRun, receivedAt: Int64?)]) async throws {
        let store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        let backups = BackupStore(store: store)
        for entry in runs { _ = try await backups.ingest(entry.run, receivedAt: entry.receivedAt ?? entry.run.endTime) }
        // Every job's schedule is confirmed as the defaults (1 day from its first run), as a person
        // would: a job known only by the defaults is never counted overdue.
        var confirmed = backups.allSettings()
        for key in confirmed.keys { confirmed[key]?.scheduleConfigured = true }
        try await backups.saveSettings(confirmed)
        await store.close()
    }

    /// Runs `body` on the closed store at `directory`, reopened, then closes it again.
    static func inspect<Result: Sendable>(_ directory: String, _ body: (FlatStore) throws -> Result) async throws -> Result {
        let store = try FlatStore.open(StoreOptions(directory: directory), schema: .duplistatus)
        do {
            let result = try body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// A quiet configuration on `directory` whose clock stands at `now`.
    static func config(_ directory: String, now: Int64) -> AppConfiguration {
        var config = TestDataDirectory.config(directory)
        config.clock = TestClock(now)
        return config
    }

    /// Sends `body` as JSON (or with `contentType`) and returns the answer, its `data` unread.
    static func send(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        json body: String? = nil,
        contentType: String? = "application/json"
    ) async throws -> APIResult<Ignored> {
        try await client.request(method, uri, as: Ignored.self, json: body, contentType: contentType)
    }

    /// Asserts an error envelope: status, error name and a message containing `fragment`.
    static func assertError(
        _ result: APIResult<Ignored>,
        _ status: HTTPResponse.Status,
        _ name: String,
        _ fragment: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        result.assertError(status, name, fragment, file: file, line: line)
    }
}
