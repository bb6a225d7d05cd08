/// Whether one job is overdue, when its next run is expected, and where that expectation comes
/// from: the one answer the dashboard, summary, detail, metrics and notifications all use.
struct OverdueVerdict: Sendable, Equatable {
    /// When the next run is expected (epoch ms).
    var expectedAt: Int64
    /// Whether `now` is past the expected time plus the tolerance (and the job is checked).
    var isOverdue: Bool
    /// How long since the run was expected, in seconds (0 while not overdue).
    var overdueSeconds: Int64
    /// Where `expectedAt` comes from.
    var source: ExpectationSource
    /// The interval in force (for Duplicati's own schedule, none is known: nil).
    var interval: ScheduleInterval?
    /// Weekdays allowed by the schedule in force; empty means every day.
    var allowedWeekDays: Set<Int> = []
    /// The tolerance applied.
    var tolerance: OverdueTolerance
    /// Whether the job is checked at all.
    var checkEnabled: Bool = true

    /// The instant after which the job counts as overdue; nil when it never does (not checked,
    /// or expected only by the defaults).
    var overdueAfter: Int64? {
        checkEnabled && source != .default ? expectedAt + tolerance.seconds * 1_000 : nil
    }

    /// Sets `isOverdue` and `overdueSeconds` for the instant `now`.
    mutating func judge(at now: Int64) {
        let late = overdueAfter.map { now > $0 } ?? false
        isOverdue = late
        overdueSeconds = late ? (now - expectedAt) / 1_000 : 0
    }
}

/// Computes `OverdueVerdict`s (`monitoring.md` §2).
struct OverdueEvaluator: Sendable {
    /// The global tolerance.
    var tolerance: OverdueTolerance = .standard

    /// The verdict for one job at `now`.
    ///
    /// `settings` is the job's stored settings (nil: the defaults for its first run); `recent` the
    /// begin times of its newest runs. A job known only by the defaults is never counted overdue:
    /// the defaults are a guess, and guesses were the original's most common false alarm.
    func evaluate(
        settings stored: BackupSettings?,
        firstRun: Int64,
        latest: RunSummary,
        recent: [Int64],
        now: Int64
    ) -> OverdueVerdict {
        var verdict = expectation(settings: stored, firstRun: firstRun, latest: latest, recent: recent)
        verdict.judge(at: now)
        return verdict
    }

    /// The verdict before it is judged at an instant: when the next run is expected and why.
    /// It depends on the stored runs and settings alone, so it can be kept until they change.
    func expectation(
        settings stored: BackupSettings?,
        firstRun: Int64,
        latest: RunSummary,
        recent: [Int64]
    ) -> OverdueVerdict {
        let settings = stored ?? .defaults(firstRun: firstRun)
        var verdict: OverdueVerdict
        if settings.scheduleConfigured {
            let expected = settings.nextSlot(after: latest.beginTime)
            verdict = verdictAt(expected, .configured, settings.expectedInterval, settings.allowedWeekDays)
        } else if let scheduled = latest.nextScheduledRun {
            verdict = verdictAt(scheduled, .duplicati, nil, [])
        } else if let inferred = IntervalInference.infer(recent) {
            let expected = NextRun.after(
                lastBackup: latest.beginTime,
                anchor: latest.beginTime,
                interval: inferred.interval,
                allowedWeekDays: inferred.allowedWeekDays
            )
            verdict = verdictAt(expected, .inferred, inferred.interval, inferred.allowedWeekDays)
        } else {
            let expected = settings.nextSlot(after: latest.beginTime)
            verdict = verdictAt(expected, .default, settings.expectedInterval, settings.allowedWeekDays)
        }
        verdict.checkEnabled = settings.overdueBackupCheckEnabled
        return verdict
    }

    /// A verdict expecting a run at `expected`, not yet judged.
    private func verdictAt(
        _ expected: Int64,
        _ source: ExpectationSource,
        _ interval: ScheduleInterval?,
        _ days: Set<Int>
    )
        -> OverdueVerdict
    {
        OverdueVerdict(
            expectedAt: expected,
            isOverdue: false,
            overdueSeconds: 0,
            source: source,
            interval: interval,
            allowedWeekDays: days,
            tolerance: tolerance
        )
    }
}
