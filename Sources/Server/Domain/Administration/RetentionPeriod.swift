import FoundationEssentials

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
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
            let date = Date(timeIntervalSince1970: Double(now) / 1000)
            guard let earlier = calendar.date(byAdding: .month, value: -months, to: date) else { return now }
            return Int64((earlier.timeIntervalSince1970 * 1000).rounded())
        }
    }
}
