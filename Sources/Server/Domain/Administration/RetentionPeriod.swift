/// How much history a cleanup keeps (api.md §7, `POST /api/backups/cleanup`).
enum RetentionPeriod: Sendable, Equatable {
    /// Keep the runs that ended in the last `months` calendar months.
    case months(Int)
    /// Keep the runs that ended in the last `days` days.
    case days(Int)
    /// Keep nothing: every run and server goes.
    case nothing

    /// The periods the web interface offers, by the names the API accepts.
    static let named: [String: RetentionPeriod] = ["6 months": .months(6), "1 year": .months(12), "2 years": .months(24)]
    /// The name of `nothing`.
    static let deleteAll = "Delete all data"

    /// Runs that ended before this instant (epoch ms) go; nil for `nothing` (everything goes).
    ///
    /// Months are calendar months in UTC, so "6 months" on 31 August keeps runs from 28 February
    /// (or 29 in a leap year) on.
    func cutoff(now: Int64) -> Int64? {
        switch self {
        case .nothing: return nil
        case .days(let days): return now - Int64(days) * 86_400_000
        case .months(let months):
            let today = ReportTimestamp.civil(now)
            let monthIndex = today.year * 12 + (today.month - 1) - Int64(months)
            let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
            let month = monthIndex - year * 12 + 1
            // The same day of that month, or its last day when it is shorter.
            let day = min(today.day, ReportTimestamp.daysInMonth(year: year, month: month))
            // Before year 1 (not reachable with the offered periods): keep everything.
            guard let days = ReportTimestamp.epochDays(year: year, month: month, day: day) else { return .min }
            return (days * 86_400 + today.secondOfDay) * 1000 + today.millis
        }
    }
}
