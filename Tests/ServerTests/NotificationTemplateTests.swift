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

    func testTheQueueIsBoundedAndDropsTheOldest() throws {
        let directory = TestDataDirectory.make("queue", for: self)
        let store = try FlatStore.open(StoreOptions.duplistatus(directory: directory), schema: .duplistatus)
        defer { Task { await store.close() } }
        let holder = StoreHolder(store)
        let delivery = NotificationDelivery(
            backups: BackupStore(holder: holder),
            secrets: SecretBox(holder: holder),
            poster: LiveHTTPPoster(),
            mail: LiveSMTPClient(),
            clock: SystemClock()
        )
        let notifier = NewRunNotifier(delivery: delivery, logger: Logger(label: "test"))
        let run = try ReportParsing.run(Fixtures.bytes("synthetic-backup-error-2.1.0.5.json"))
        for _ in 0..<(NewRunNotifier.capacity + 50) { notifier.enqueue(run) }
        XCTAssertEqual(notifier.statistics, NewRunNotifier.Counters(queued: 150, sent: 0, failed: 0, dropped: 50))
    }
}
