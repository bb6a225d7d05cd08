/// Infers a job's schedule from its own recent runs: the median gap rounded to a whole schedule
/// unit, with the weekdays the runs fell on.
enum IntervalInference {
    /// An inferred schedule.
    struct Schedule: Sendable, Equatable {
        var interval: ScheduleInterval
        /// Weekdays seen (0 = Sunday); empty means every day.
        var allowedWeekDays: Set<Int>
    }

    /// Runs needed before an interval is inferred (two gaps, so one odd manual run does not decide).
    static let minimumRuns = 3
    /// Runs needed before weekdays are restricted to those seen.
    static let minimumRunsForWeekDays = 5

    /// The schedule of runs that began at `beginTimes` (epoch ms, any order); nil with too few runs.
    static func infer(_ beginTimes: [Int64]) -> Schedule? {
        let times = beginTimes.sorted()
        guard times.count >= minimumRuns else { return nil }
        let gaps = zip(times.dropFirst(), times).map { ($0 - $1) / 1_000 }.filter { $0 > 0 }.sorted()
        guard !gaps.isEmpty else { return nil }
        let median = gaps[gaps.count / 2]
        let interval = rounded(seconds: median)
        var days: Set<Int> = []
        if interval.description == "1D", times.count >= minimumRunsForWeekDays {
            let seen = Set(times.map(UTCCalendar.weekday))
            if seen.count < 7 { days = seen }
        }
        return Schedule(interval: interval, allowedWeekDays: days)
    }

    /// `seconds` rounded to the largest whole unit it is close to (minutes at least).
    static func rounded(seconds: Int64) -> ScheduleInterval {
        func near(_ size: Int64) -> Int64 { max(1, (seconds + size / 2) / size) }
        if seconds >= 27 * 86_400 { return ScheduleInterval(parts: [(near(2_592_000), .month)]) }
        if seconds >= 6 * 86_400 + 43_200, seconds % 604_800 < 86_400 || seconds % 604_800 > 518_400 {
            return ScheduleInterval(parts: [(near(604_800), .week)])
        }
        if seconds >= 20 * 3_600 { return ScheduleInterval(parts: [(near(86_400), .day)]) }
        if seconds >= 50 * 60 { return ScheduleInterval(parts: [(near(3_600), .hour)]) }
        return ScheduleInterval(parts: [(near(60), .minute)])
    }
}
