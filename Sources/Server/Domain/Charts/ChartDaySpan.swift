/// A chart range cut where `ChartDays` can answer it: the whole UTC days inside it, and at most one
/// partial day at each end, whose runs must be read from the index (their instants, inclusive).
struct ChartDaySpan: Sendable, Equatable {
    /// The partial first day's instants, when the range begins after a midnight.
    var head: ClosedRange<Int64>?
    /// The epoch days wholly inside the range (none when it is within one or two partial days).
    var wholeDays: ClosedRange<Int64>?
    /// The partial last day's instants, when the range ends before a day's last millisecond.
    var tail: ClosedRange<Int64>?

    /// How far from 1970 a range reaches at most (±36 million years), so day arithmetic cannot
    /// overflow; runs are never stored that far out (report times are years 1–9999).
    static let limit: Int64 = 1 << 60
}

extension ChartDaySpan {
    /// Cuts `range`.
    init(_ range: ChartRange) {
        let day = ChartBucket.dayMilliseconds
        let start = min(max(range.start, -Self.limit), Self.limit)
        let end = min(max(range.end, -Self.limit), Self.limit)
        guard start <= end else { return }
        let firstDay = ChartBucket.day(of: start)
        let lastDay = ChartBucket.day(of: end)
        let startsMidDay = start != firstDay * day
        let endsMidDay = end != lastDay * day + day - 1
        if firstDay == lastDay, startsMidDay || endsMidDay {
            head = start...end
            return
        }
        if startsMidDay { head = start...(firstDay * day + day - 1) }
        if endsMidDay { tail = (lastDay * day)...end }
        let first = startsMidDay ? firstDay + 1 : firstDay
        let last = endsMidDay ? lastDay - 1 : lastDay
        if first <= last { wholeDays = first...last }
    }
}
