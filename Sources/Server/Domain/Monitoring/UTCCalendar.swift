/// Calendar arithmetic on epoch milliseconds in UTC (proleptic Gregorian), without Foundation's
/// calendars: schedules step in UTC, so daylight saving time never moves an expected run.
enum UTCCalendar {
    /// Milliseconds in one day.
    static let dayMs: Int64 = 86_400_000

    /// A UTC civil date and the milliseconds since its midnight.
    struct Civil: Equatable, Sendable {
        var year: Int64
        var month: Int64
        var day: Int64
        var msOfDay: Int64
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of an instant.
    static func civil(_ ms: Int64) -> Civil {
        let days = floorDiv(ms, dayMs)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return Civil(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day, msOfDay: ms - days * dayMs)
    }

    /// The weekday of an instant in UTC, 0 = Sunday … 6 = Saturday.
    static func weekday(_ ms: Int64) -> Int {
        // 1970-01-01 was a Thursday (4).
        Int((floorDiv(ms, dayMs) + 4) % 7 + 7) % 7
    }

    /// `ms` moved by whole calendar months, the day clamped to the target month's length.
    static func addingMonths(_ months: Int64, to ms: Int64) -> Int64 {
        let date = civil(ms)
        let index = date.year * 12 + (date.month - 1) + months
        let year = floorDiv(index, 12)
        let month = index - year * 12 + 1
        let nextMonthStart = month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        let length = nextMonthStart - days(year: year, month: month, day: 1)
        return days(year: year, month: month, day: min(date.day, length)) * dayMs + date.msOfDay
    }

    /// Division rounding toward negative infinity.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
