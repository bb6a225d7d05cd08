/// The width of one point of a chart: a UTC day, an ISO week (Monday to Sunday, UTC) or a UTC month.
enum ChartBucket: String, CaseIterable, Sendable {
    case day, week, month

    /// Milliseconds in a UTC day (no leap seconds in epoch time).
    static let dayMilliseconds: Int64 = 86_400_000

    /// The epoch milliseconds at which the bucket holding `milliseconds` begins.
    func start(of milliseconds: Int64) -> Int64 {
        let day = Self.floorDivide(milliseconds, Self.dayMilliseconds)
        switch self {
        case .day:
            return day * Self.dayMilliseconds
        case .week:
            // 1970-01-01 was a Thursday, three days after the Monday that opened its ISO week.
            return (day - Self.floorModulo(day + 3, 7)) * Self.dayMilliseconds
        case .month:
            let date = Self.utcDate(day * Self.dayMilliseconds)
            guard let year = Int64(date.prefix(4)), let month = Int64(date.dropFirst(5).prefix(2)),
                let first = ReportTimestamp.epochDays(year: year, month: month, day: 1)
            else { return day * Self.dayMilliseconds }
            return first * Self.dayMilliseconds
        }
    }

    /// The UTC calendar date of an instant, `"2024-03-20"`.
    static func utcDate(_ milliseconds: Int64) -> String {
        String(ReportTimestamp.isoString(epochMilliseconds: milliseconds).prefix(10))
    }

    /// Division rounding toward negative infinity, so instants before 1970 land in the right day.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// The non-negative remainder that goes with `floorDivide`.
    private static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDivide(value, divisor) * divisor
    }
}

/// The instants a chart covers, both ends inclusive, in epoch milliseconds (UTC).
struct ChartRange: Sendable, Equatable {
    /// The earliest begin time included.
    var start: Int64
    /// The latest begin time included.
    var end: Int64

    /// How far back a chart reaches when the caller gives no start: 365 days.
    static let defaultSpan: Int64 = 365 * ChartBucket.dayMilliseconds
}
