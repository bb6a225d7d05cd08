import XCTest

@testable import Server

/// `monitoring.md` §2–§3 on the test clock: E1–E6, DST, weekdays, tolerances, frequency rules.
final class OverdueRuleTests: XCTestCase {
    /// Epoch ms of an ISO time.
    func t(_ iso: String) -> Int64 { ReportTimestamp.parseISO(iso)!.epochMilliseconds }

    func next(_ last: String, anchor: String, _ interval: String, days: Set<Int> = []) -> Int64 {
        NextRun.after(lastBackup: t(last), anchor: t(anchor), interval: ScheduleInterval(interval)!, allowedWeekDays: days)
    }

    func run(_ begin: String, next scheduled: String? = nil) -> RunSummary {
        RunSummary(
            beginTime: t(begin),
            endTime: t(begin) + 60_000,
            durationSeconds: 60,
            fileCount: 1,
            fileSize: 1,
            uploadedSize: 1,
            storageSize: 1,
            versions: 1,
            warnings: 0,
            errors: 0,
            messages: 0,
            status: .success,
            nextScheduledRun: scheduled.flatMap(DuplicatiSchedule.parse)
        )
    }

    func testIntervalGrammar() {
        XCTAssertEqual(ScheduleInterval("1D12h")?.description, "1D12h")
        XCTAssertEqual(ScheduleInterval("3600")?.description, "3600s")
        for bad in ["", "0D", "1d", "D", "1D-", "1x", "-1h", "1.5h"] { XCTAssertNil(ScheduleInterval(bad), bad) }
    }

    func testE1FirstRunWithoutScheduleExpectsOneDayLater() {
        let first = t("2025-01-01T14:05:00Z")
        let defaults = BackupSettings.defaults(firstRun: first)
        XCTAssertEqual(defaults.time, t("2025-01-02T14:05:00Z"))
        var accepted = defaults
        accepted.scheduleConfigured = true
        let evaluator = OverdueEvaluator(tolerance: .oneHour)
        let latest = run("2025-01-01T14:05:00Z")
        let onTime = evaluator.evaluate(settings: accepted, firstRun: first, latest: latest, recent: [first], now: t("2025-01-02T15:05:00Z"))
        XCTAssertEqual(onTime.expectedAt, t("2025-01-02T14:05:00Z"))
        XCTAssertFalse(onTime.isOverdue)
        let late = evaluator.evaluate(settings: accepted, firstRun: first, latest: latest, recent: [first], now: t("2025-01-02T15:05:01Z"))
        XCTAssertTrue(late.isOverdue)
        // Unconfigured, the same expectation is only the default guess: shown, never alarmed.
        let guess = evaluator.evaluate(settings: defaults, firstRun: first, latest: latest, recent: [first], now: t("2025-02-01T00:00:00Z"))
        XCTAssertEqual(guess.source, .default)
        XCTAssertEqual(guess.expectedAt, t("2025-01-02T14:05:00Z"))
        XCTAssertFalse(guess.isOverdue)
    }

    func testE2ToE6() {
        XCTAssertEqual(next("2025-01-02T14:03:00Z", anchor: "2025-01-02T14:00:00Z", "1D"), t("2025-01-03T14:00:00Z"))
        XCTAssertEqual(next("2025-01-03T22:00:00Z", anchor: "2025-01-04T14:00:00Z", "1D"), t("2025-01-04T14:00:00Z"))
        // E4: nothing arrives → overdue from 15:00; a run on the 8th moves the slot to the 9th.
        var settings = BackupSettings(time: t("2025-01-05T14:00:00Z"), scheduleConfigured: true)
        settings.expectedInterval = .oneDay
        let evaluator = OverdueEvaluator(tolerance: .oneHour)
        let before = run("2025-01-04T14:00:00Z")
        XCTAssertFalse(evaluator.evaluate(settings: settings, firstRun: 0, latest: before, recent: [], now: t("2025-01-05T15:00:00Z")).isOverdue)
        XCTAssertTrue(evaluator.evaluate(settings: settings, firstRun: 0, latest: before, recent: [], now: t("2025-01-05T15:00:01Z")).isOverdue)
        let after = evaluator.evaluate(
            settings: settings,
            firstRun: 0,
            latest: run("2025-01-08T20:00:00Z"),
            recent: [],
            now: t("2025-01-08T20:01:00Z")
        )
        XCTAssertEqual(after.expectedAt, t("2025-01-09T14:00:00Z"))
        XCTAssertFalse(after.isOverdue)
        // E5: Mon–Fri, Friday's run → Monday.
        XCTAssertEqual(next("2025-01-03T02:00:00Z", anchor: "2025-01-03T02:00:00Z", "1D", days: [1, 2, 3, 4, 5]), t("2025-01-06T02:00:00Z"))
        // E6: 6h from midnight, last run 13:00 → 18:00.
        XCTAssertEqual(next("2025-01-01T13:00:00Z", anchor: "2025-01-01T00:00:00Z", "6h"), t("2025-01-01T18:00:00Z"))
    }

    /// `time` after a run is the anchor moved on by whole intervals, and settings sent back with
    /// that time are the same schedule: the same runs are expected, and the job's overdue record
    /// is kept. Weekdays that skip a step must not move the anchor off the schedule's steps.
    func testTimeMovesOnByWholeIntervalsAndStaysTheSameSchedule() throws {
        var daily = BackupSettings(time: t("2025-01-02T14:00:00Z"), scheduleConfigured: true)
        daily.allowedWeekDays = [1, 2, 3, 4, 5]
        XCTAssertEqual(daily.nextSlot(after: t("2025-01-08T20:00:00Z")), t("2025-01-09T14:00:00Z"), "E4")
        XCTAssertEqual(daily.nextSlot(after: t("2025-01-10T14:03:00Z")), t("2025-01-13T14:00:00Z"), "Friday's run: Monday")
        XCTAssertEqual(daily.anchorStep(after: t("2025-01-10T14:03:00Z")), t("2025-01-11T14:00:00Z"), "a step, weekdays not applied")
        // 1D12h on weekdays, 1W anchored on a Sunday with weekdays, 1M from the 31st with weekdays.
        let cases: [(interval: String, anchor: String, days: Set<Int>)] = [
            ("1D", "2025-01-02T14:00:00Z", [1, 2, 3, 4, 5]), ("1D12h", "2025-04-01T02:00:00Z", [1, 2, 3, 4, 5]),
            ("1W", "2025-01-05T03:00:00Z", [1, 2, 3, 4, 5]), ("1M", "2025-01-31T03:00:00Z", [1, 2, 3, 4, 5]), ("6h", "2025-01-01T00:00:00Z", []),
        ]
        for (interval, anchor, days) in cases {
            var stored = BackupSettings(time: t(anchor), scheduleConfigured: true)
            stored.expectedInterval = try XCTUnwrap(ScheduleInterval(interval))
            stored.allowedWeekDays = days
            var lastRun = t(anchor) + 3_600_000
            for _ in 0..<12 {
                var sentBack = stored
                sentBack.time = stored.anchorStep(after: lastRun)
                XCTAssertFalse(stored.changesSchedule(comparedTo: sentBack), "\(interval) after \(lastRun)")
                XCTAssertFalse(sentBack.changesSchedule(comparedTo: stored), "\(interval) after \(lastRun)")
                XCTAssertEqual(sentBack.nextSlot(after: lastRun), stored.nextSlot(after: lastRun), "\(interval): the same run expected")
                let later = stored.nextSlot(after: lastRun) + 60_000
                XCTAssertEqual(sentBack.nextSlot(after: later), stored.nextSlot(after: later), "\(interval): and the one after")
                lastRun = later
            }
        }
        var offStep = daily
        offStep.time = daily.anchorStep(after: t("2025-01-10T14:03:00Z")) + 3_600_000
        XCTAssertTrue(daily.changesSchedule(comparedTo: offStep), "another time of day")
        var otherDays = daily
        otherDays.allowedWeekDays = []
        XCTAssertTrue(daily.changesSchedule(comparedTo: otherDays))
        var automatic = daily
        automatic.scheduleConfigured = false
        XCTAssertTrue(daily.changesSchedule(comparedTo: automatic), "handed back to the automatic schedule")
    }

    func testDSTDoesNotMoveUTCAndCalendarUnits() {
        XCTAssertEqual(next("2025-03-29T13:00:00Z", anchor: "2025-03-29T13:00:00Z", "1D"), t("2025-03-30T13:00:00Z"))
        XCTAssertEqual(next("2025-10-25T13:00:00Z", anchor: "2025-10-25T13:00:00Z", "1D"), t("2025-10-26T13:00:00Z"))
        XCTAssertEqual(next("2025-01-31T10:00:00Z", anchor: "2025-01-31T10:00:00Z", "1M"), t("2025-02-28T10:00:00Z"))
        XCTAssertEqual(next("2024-02-29T10:00:00Z", anchor: "2024-02-29T10:00:00Z", "1Y"), t("2025-02-28T10:00:00Z"))
        XCTAssertEqual(next("2025-01-01T10:00:00Z", anchor: "2025-01-01T10:00:00Z", "1W"), t("2025-01-08T10:00:00Z"))
        // Far behind: whole steps at once.
        XCTAssertEqual(next("2025-06-01T13:30:00Z", anchor: "2020-01-01T13:00:00Z", "1D"), t("2025-06-02T13:00:00Z"))
    }

    func testWeekdaysForShortIntervalsKeepTheRhythm() {
        // 6h, weekends excluded: Friday 20:00 → Monday 00:00 (the next 6h slot on an allowed day).
        XCTAssertEqual(
            next("2025-01-03T20:00:00Z", anchor: "2025-01-03T00:00:00Z", "6h", days: [1, 2, 3, 4, 5]),
            t("2025-01-06T00:00:00Z")
        )
        XCTAssertEqual(UTCCalendar.weekday(t("2025-01-05T12:00:00Z")), 0)
    }

    func testTolerances() {
        XCTAssertEqual(OverdueTolerance.allCases.map(\.seconds), [0, 300, 900, 1_800, 3_600, 7_200, 14_400, 21_600, 43_200, 86_400])
        XCTAssertEqual(OverdueTolerance.standard, .twoHours)
        let settings = BackupSettings(time: t("2025-01-02T00:00:00Z"), scheduleConfigured: true)
        let latest = run("2025-01-01T00:00:00Z")
        for tolerance in OverdueTolerance.allCases {
            let edge = t("2025-01-02T00:00:00Z") + tolerance.seconds * 1000
            let evaluator = OverdueEvaluator(tolerance: tolerance)
            XCTAssertFalse(evaluator.evaluate(settings: settings, firstRun: 0, latest: latest, recent: [], now: edge).isOverdue)
            XCTAssertTrue(evaluator.evaluate(settings: settings, firstRun: 0, latest: latest, recent: [], now: edge + 1).isOverdue)
        }
        var off = settings
        off.overdueBackupCheckEnabled = false
        XCTAssertFalse(OverdueEvaluator().evaluate(settings: off, firstRun: 0, latest: latest, recent: [], now: t("2026-01-01T00:00:00Z")).isOverdue)
    }

    func testFrequencyRules() {
        let sent = t("2025-01-10T00:00:00Z")
        let state = OverdueStateRecord.State(lastNotificationSent: sent)
        let oldRun = t("2025-01-08T00:00:00Z")
        XCTAssertTrue(OverdueCheck.shouldNotify(state: nil, latestRunEnd: oldRun, frequency: .onetime, now: sent))
        XCTAssertFalse(OverdueCheck.shouldNotify(state: state, latestRunEnd: oldRun, frequency: .onetime, now: sent + 400 * 86_400_000))
        // A run after the notification: a new episode.
        XCTAssertTrue(OverdueCheck.shouldNotify(state: state, latestRunEnd: sent + 1, frequency: .onetime, now: sent + 2))
        let cases: [(NotificationFrequency, Int64)] = [(.everyDay, 1), (.everyWeek, 7), (.everyMonth, 30)]
        for (frequency, days) in cases {
            let wait = days * 86_400_000
            XCTAssertFalse(OverdueCheck.shouldNotify(state: state, latestRunEnd: oldRun, frequency: frequency, now: sent + wait - 1))
            XCTAssertTrue(OverdueCheck.shouldNotify(state: state, latestRunEnd: oldRun, frequency: frequency, now: sent + wait))
        }
    }

    func testDuplicatiNextScheduledRunIsTheExpectation() {
        XCTAssertEqual(DuplicatiSchedule.parse("20251117T020000Z"), t("2025-11-17T02:00:00Z"))
        XCTAssertNil(DuplicatiSchedule.parse("2025-11-17T02:00:00Z"))
        XCTAssertNil(DuplicatiSchedule.parse("20251317T020000Z"))
        let latest = run("2025-11-16T02:00:00Z", next: "20251117T020000Z")
        let verdict = OverdueEvaluator(tolerance: .oneHour)
            .evaluate(settings: nil, firstRun: latest.beginTime, latest: latest, recent: [latest.beginTime], now: t("2025-11-17T03:00:01Z"))
        XCTAssertEqual(verdict.source, .duplicati)
        XCTAssertEqual(verdict.expectedAt, t("2025-11-17T02:00:00Z"))
        XCTAssertTrue(verdict.isOverdue)
        // A schedule the user set wins over Duplicati's.
        let configured = BackupSettings(expectedInterval: ScheduleInterval("1W")!, time: t("2025-11-23T02:00:00Z"), scheduleConfigured: true)
        let own = OverdueEvaluator().evaluate(settings: configured, firstRun: 0, latest: latest, recent: [], now: t("2025-11-17T03:00:01Z"))
        XCTAssertEqual(own.source, .configured)
        XCTAssertFalse(own.isOverdue)
    }

    func testInferredIntervalFromHistory() {
        // Weekdays at 02:00 for two weeks (Mon 2025-01-06 … Fri 2025-01-17).
        let days = [6, 7, 8, 9, 10, 13, 14, 15, 16, 17]
        let times = days.map { t("2025-01-\(String(format: "%02d", $0))T02:00:00Z") + Int64($0 % 3) * 60_000 }
        let schedule = IntervalInference.infer(times)
        XCTAssertEqual(schedule?.interval.description, "1D")
        XCTAssertEqual(schedule?.allowedWeekDays, [1, 2, 3, 4, 5])
        let latest = run("2025-01-17T02:02:00Z")
        let verdict = OverdueEvaluator(tolerance: .twoHours)
            .evaluate(settings: nil, firstRun: times[0], latest: latest, recent: times.reversed(), now: t("2025-01-18T12:00:00Z"))
        XCTAssertEqual(verdict.source, .inferred)
        XCTAssertEqual(verdict.expectedAt, t("2025-01-20T02:02:00Z"))
        XCTAssertFalse(verdict.isOverdue)
        XCTAssertEqual(IntervalInference.rounded(seconds: 6 * 3600 + 200).description, "6h")
        XCTAssertEqual(IntervalInference.rounded(seconds: 7 * 86_400 - 3_000).description, "1W")
        XCTAssertNil(IntervalInference.infer([t("2025-01-01T00:00:00Z"), t("2025-01-02T00:00:00Z")]))
    }
}
