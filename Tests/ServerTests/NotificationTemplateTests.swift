import FlatStore
import Logging
import XCTest

@testable import Server

/// Templates and variables (`monitoring.md` §6), and the bounded new-run queue.
final class NotificationTemplateTests: XCTestCase {
    func testPlaceholdersAndFormats() {
        XCTAssertEqual(TemplateRenderer.render("{a} {missing} {{a}} {not a name} {", ["a": "x"]), "x  {a} {not a name} {")
        XCTAssertEqual(NotificationVariables.size(0), "0 Bytes")
        XCTAssertEqual(NotificationVariables.size(1_610_612_736), "1.5 GB")
        XCTAssertEqual(NotificationVariables.size(1_234_567), "1.18 MB")
        XCTAssertEqual(NotificationVariables.size(1024), "1 KB")
        XCTAssertEqual(NotificationVariables.duration(3_723), "1h 2m 3s")
        XCTAssertEqual(NotificationVariables.duration(62), "1m 2s")
        XCTAssertEqual(NotificationVariables.duration(3_600), "1h 0m 0s")
        XCTAssertEqual(NotificationVariables.duration(0), "0s")
        let july = ReportTimestamp.parseISO("2025-07-02T03:00:59Z")!.epochMilliseconds
        XCTAssertEqual(NotificationVariables.date(july), "2025-07-02 03:00 UTC")
        XCTAssertEqual(NotificationVariables.elapsed(3 * 3_600_000), "3 hours ago")
        XCTAssertEqual(NotificationVariables.elapsed(-60_000), "in 1 minute")
        XCTAssertEqual(OverdueTolerance.oneHour.label, "1 hour")
    }

    func testTheDefaultTemplatesAndTheTestRendering() {
        let defaults = NotificationTemplates.defaults
        XCTAssertEqual(defaults.success.priority, .default)
        XCTAssertEqual(defaults.warning.priority, .high)
        XCTAssertEqual(defaults.overdueBackup.tags, "duplicati, duplistatus, overdue")
        let names = Dictionary(uniqueKeysWithValues: NotificationVariables.names.map { ($0, $0) })
        let rendered = defaults.overdueBackup.render(names, event: "test")
        XCTAssertEqual(rendered.title, "🕑 Overdue - backup_name @ server_alias")
        XCTAssertEqual(rendered.tagList, ["duplicati", "duplistatus", "overdue"])
        for name in ["last_backup_date", "expected_elapsed", "backup_interval", "overdue_tolerance", "server_url"] {
            XCTAssertTrue(rendered.message.contains(name), name)
        }
    }

    func testLogTextKeepsWholeLinesAndSaysWhatItLeftOut() throws {
        let short = (1...25).map { "line \($0)" }
        XCTAssertEqual(NotificationVariables.logText(short), (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n… and 5 more lines")
        XCTAssertEqual(NotificationVariables.logText(Array(short.prefix(3))), "line 1\nline 2\nline 3")
        // Six lines of 300 fit; the seventh is cut to the 194 characters left, and marked.
        let long = (0..<10).map { String(repeating: Character(String($0)), count: 300) }
        let text = NotificationVariables.logText(long)
        XCTAssertEqual(text.count, 2_000 + "\n… and 3 more lines".count)
        XCTAssertTrue(text.hasSuffix("\n" + long[5] + "\n" + String(repeating: "6", count: 193) + "…\n… and 3 more lines"))
        let huge = NotificationVariables.logText([String(repeating: "x", count: 3_000)])
        XCTAssertEqual(huge.count, 2_000)
        XCTAssertTrue(huge.hasSuffix("x…"))
        // A real report with many log lines: each line kept is the report's, whole, but for a last
        // one cut and marked; then the count of the rest.
        let run = try ReportParsing.run(Fixtures.bytes("synthetic-backup-success-many-loglines-deletion-2.1.0.5.json"))
        let kept = NotificationVariables.logText(run.logs.messages).components(separatedBy: "\n")
        let lines = Array(kept.dropLast())
        XCTAssertEqual(kept.last, "… and \(run.logs.messages.count - lines.count) more lines")
        for (index, line) in lines.enumerated() {
            if index == lines.count - 1, line.hasSuffix("…") {
                XCTAssertTrue(run.logs.messages[index].hasPrefix(line.dropLast()), line)
            } else {
                XCTAssertEqual(line, run.logs.messages[index])
            }
        }
    }

    func testTheQueueIsBoundedAndDropsTheOldest() async throws {
        let (notifier, store) = try await makeNotifier("queue")
        let run = try ReportParsing.run(Fixtures.bytes("synthetic-backup-error-2.1.0.5.json"))
        for _ in 0..<(NewRunNotifier.capacity + 50) { notifier.enqueue(run) }
        XCTAssertEqual(notifier.queuedRuns, 150)
        XCTAssertEqual(notifier.delivery.record.current, DeliveryRecord.Figures(sent: 0, failed: 0, dropped: 50))
        await store.close()
    }

    func testOnlyRunsTheirJobAsksToBeNotifiedOfAreQueued() async throws {
        let (notifier, store) = try await makeNotifier("queue-settings")
        let backups = notifier.delivery.backups
        let success = try ReportParsing.run(Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))
        let error = try ReportParsing.run(Fixtures.bytes("synthetic-backup-error-2.1.0.5.json"))
        XCTAssertEqual(success.status, .success)
        // A job without settings has the defaults: warnings and errors only.
        notifier.enqueue(error)
        // A burst of successful runs after it takes no room in the queue: the failure stays.
        for _ in 0..<(NewRunNotifier.capacity + 50) { notifier.enqueue(success) }
        XCTAssertEqual(notifier.queuedRuns, 1)
        XCTAssertEqual(notifier.delivery.record.current.dropped, 0)
        var everything = BackupSettings.defaults(firstRun: success.beginTime)
        everything.notificationEvent = .all
        try await backups.saveSettings([ParsedRun.jobKey(serverId: success.serverId, backupName: success.backupName): everything])
        notifier.enqueue(success)
        XCTAssertEqual(notifier.queuedRuns, 2)
        var none = everything
        none.notificationEvent = .off
        try await backups.saveSettings([ParsedRun.jobKey(serverId: error.serverId, backupName: error.backupName): none])
        notifier.enqueue(error)
        XCTAssertEqual(notifier.queuedRuns, 2)
        await store.close()
    }

    /// A notifier over a fresh store (which the caller closes) with ntfy configured, and the live
    /// delivery clients (its worker is not started: nothing is sent).
    private func makeNotifier(_ name: String) async throws -> (NewRunNotifier, FlatStore) {
        let directory = TestDataDirectory.make(name, for: self)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        let holder = StoreHolder(store)
        let delivery = NotificationDelivery(
            backups: BackupStore(holder: holder),
            secrets: SecretBox(holder: holder),
            poster: LiveHTTPPoster(),
            mail: LiveSMTPClient(),
            clock: SystemClock()
        )
        try await delivery.backups.saveConfiguration(.ntfy, NtfyConfiguration(url: "http://127.0.0.1:9/", topic: "queue"))
        return (NewRunNotifier(delivery: delivery, logger: Logger(label: "test")), store)
    }
}
