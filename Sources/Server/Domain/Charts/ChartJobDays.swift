/// The days of one job that a chart covers, oldest first: a partial first day read from the index,
/// the whole days from `ChartDays`, a partial last day read from the index.
struct ChartJobDays: Sendable {
    var head: ChartDay?
    var days: ArraySlice<ChartDay>
    var tail: ChartDay?

    /// The oldest day.
    var first: ChartDay? { head ?? days.first ?? tail }
    /// The newest day.
    var last: ChartDay? { tail ?? days.last ?? head }
    /// How many days.
    var count: Int { days.count + (head == nil ? 0 : 1) + (tail == nil ? 0 : 1) }

    /// Calls `body` with each day, oldest first.
    func forEach(_ body: (ChartDay) -> Void) {
        if let head { body(head) }
        for day in days { body(day) }
        if let tail { body(tail) }
    }

    /// The job's points, oldest first, handed one by one to `body` with the bucket's ordinal: flows
    /// summed over the bucket's days, states and last-run time those of its last day.
    func points(_ bucket: ChartBucket, _ body: (Int64, ChartPoint) -> Void) {
        var point: ChartPoint?
        var span: Range<Int64> = 0..<0
        forEach { day in
            let number = day.day
            if point != nil, span.contains(number) {
                point?.add(day)
                return
            }
            if let point { body(bucket.ordinal(ofDay: span.lowerBound), point) }
            span = bucket.days(containing: number)
            var started = ChartPoint(bucketStart: span.lowerBound * ChartBucket.dayMilliseconds, lastRunTime: day.lastRunTime)
            started.add(day)
            point = started
        }
        if let point { body(bucket.ordinal(ofDay: span.lowerBound), point) }
    }
}
