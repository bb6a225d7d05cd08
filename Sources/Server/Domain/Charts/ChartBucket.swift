/// The width of one point of a chart: a UTC day, an ISO week (Monday to Sunday, UTC) or a UTC month.
enum ChartBucket: String, CaseIterable, Sendable {
    case day, week, month

    /// Milliseconds in a UTC day (no leap seconds in epoch time).
    static let dayMilliseconds: Int64 = 86_400_000

    /// The epoch milliseconds at which the bucket holding `milliseconds` begins.
    func start(of milliseconds: Int64) -> Int64 {
        days(containing: Self.day(of: milliseconds)).lowerBound * Self.dayMilliseconds
    }

    /// The epoch days (days since 1970-01-01) the bucket holding epoch day `day` spans.
    func days(containing day: Int64) -> Range<Int64> {
        switch self {
        case .day:
            return day..<day + 1
        case .week:
            // 1970-01-01 was a Thursday, three days after the Monday that opened its ISO week.
            let monday = day - Self.floorModulo(day + 3, 7)
            return monday..<monday + 7
        case .month:
            let date = UTCCalendar.civil(day * Self.dayMilliseconds)
            let first = UTCCalendar.days(year: date.year, month: date.month, day: 1)
            let next =
                date.month == 12
                ? UTCCalendar.days(year: date.year + 1, month: 1, day: 1) : UTCCalendar.days(year: date.year, month: date.month + 1, day: 1)
            return first..<next
        }
    }

    /// A number per bucket that grows by one from each bucket to the next (so series can be summed
    /// in a dense array), for the bucket holding epoch day `day`.
    func ordinal(ofDay day: Int64) -> Int64 {
        switch self {
        case .day: return day
        case .week: return Self.floorDivide(day + 3, 7)
        case .month:
            let date = UTCCalendar.civil(day * Self.dayMilliseconds)
            return date.year * 12 + date.month - 1
        }
    }

    /// The epoch day of an instant.
    static func day(of milliseconds: Int64) -> Int64 {
        floorDivide(milliseconds, dayMilliseconds)
    }

    /// The UTC calendar date of an instant, `"2024-03-20"`.
    static func utcDate(_ milliseconds: Int64) -> String {
        String(ReportTimestamp.isoString(epochMilliseconds: milliseconds).prefix(10))
    }

    /// Division rounding toward negative infinity, so instants before 1970 land in the right day.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        UTCCalendar.floorDiv(value, divisor)
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
