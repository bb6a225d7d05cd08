/// The next expected run of a schedule, a port of Duplicati's own scheduler (`monitoring.md` §2).
enum NextRun {
    /// The first allowed slot strictly after `lastBackup` on the schedule anchored at `anchor`
    /// (epoch ms); `allowedWeekDays` empty means every day.
    static func after(lastBackup: Int64, anchor: Int64, interval: ScheduleInterval, allowedWeekDays: Set<Int>) -> Int64 {
        let threshold = lastBackup + 1_000
        var candidate = anchor
        let allowed = { (time: Int64) in allowedWeekDays.isEmpty || allowedWeekDays.contains(UTCCalendar.weekday(time)) }
        if candidate >= threshold && allowed(candidate) { return candidate }
        candidate = stepPast(candidate, threshold: threshold, interval: interval)
        if allowed(candidate) { return candidate }
        if interval.isDayOrLonger {
            for _ in 0..<8 {
                candidate += UTCCalendar.dayMs
                if allowed(candidate) { return candidate }
            }
            return candidate
        }
        // Shorter intervals keep their rhythm: step until the day is allowed (a week at most).
        var steps = 0
        while !allowed(candidate) && steps < 100_000 {
            candidate = interval.adding(to: candidate)
            steps += 1
        }
        return candidate
    }

    /// The schedule's anchor moved on by whole intervals to the first step strictly after
    /// `lastBackup` (the anchor itself when it is later), before any weekday is skipped: a time on
    /// the same steps as `anchor`, so it anchors the same schedule.
    static func anchorStep(after lastBackup: Int64, anchor: Int64, interval: ScheduleInterval) -> Int64 {
        let threshold = lastBackup + 1_000
        return anchor >= threshold ? anchor : stepPast(anchor, threshold: threshold, interval: interval)
    }

    /// `candidate` moved forward by whole intervals until it is past `threshold`.
    ///
    /// Fixed-length intervals jump straight there; calendar ones (months, years) step, bounded.
    private static func stepPast(_ start: Int64, threshold: Int64, interval: ScheduleInterval) -> Int64 {
        var candidate = start
        let fixed = !interval.parts.contains { $0.unit == .month || $0.unit == .year }
        if fixed, candidate <= threshold {
            let step = interval.adding(to: 0)
            if step > 0 {
                let jumps = (threshold - candidate) / step
                candidate += jumps * step
            }
        }
        var guardSteps = 0
        while candidate <= threshold && guardSteps < 100_000 {
            candidate = interval.adding(to: candidate)
            guardSteps += 1
        }
        return candidate
    }
}
