/// Decides when a job's next run is expected and whether it is overdue.
///
/// This is the one place overdue is computed; until per-job settings exist it uses the defaults
/// of `monitoring.md`: interval 1 day, all weekdays, tolerance 2 hours, anchored one day after
/// the job's first run, so the expected time keeps the first run's time of day.
struct OverduePolicy: Sendable {
    /// Seconds between expected runs.
    var intervalSeconds: Int64 = 86_400
    /// How late a run may be before the job counts as overdue.
    var toleranceSeconds: Int64 = 7_200

    /// The policy used until per-job settings are stored.
    static let defaults = OverduePolicy()

    /// The verdict for one job.
    struct Verdict: Sendable, Equatable {
        /// When the next run is expected (epoch ms).
        var expectedAt: Int64
        /// Whether `now` is past the expected time plus the tolerance.
        var isOverdue: Bool
        /// How long since the run was expected, in seconds (0 while not overdue).
        var overdueSeconds: Int64
    }

    /// The first slot strictly after the latest run, stepping by the interval from the anchor.
    func evaluate(firstRun: Int64, latestRun: Int64, now: Int64) -> Verdict {
        let step = intervalSeconds * 1000
        var expected = firstRun + step
        let threshold = latestRun + 1000
        if expected < threshold {
            // Whole steps at once: the loop in the spec, without iterating years of days.
            let steps = (threshold - expected + step - 1) / step
            expected += steps * step
        }
        let deadline = expected + toleranceSeconds * 1000
        let late = now > deadline
        return Verdict(expectedAt: expected, isOverdue: late, overdueSeconds: late ? (now - expected) / 1000 : 0)
    }
}
