/// Sums jobs' series bucket by bucket without hashing: each bucket has an ordinal
/// (`ChartBucket.ordinal(ofDay:)`), so the totals are a dense array from the first bucket to the last.
enum ChartTotals {
    /// Buckets at most per day of input before the dense array gives way to a dictionary (a stray
    /// run decades away from the others must not make the array huge).
    static let densityLimit: Int64 = 4

    /// The chart of `jobs`: each job bucketed on its own, then summed across jobs, oldest first,
    /// only buckets that have runs.
    static func series(_ jobs: [ChartJobDays], bucket: ChartBucket) -> [ChartPoint] {
        var low = Int64.max
        var high = Int64.min
        var days = 0
        for job in jobs {
            guard let first = job.first, let last = job.last else { continue }
            low = min(low, bucket.ordinal(ofDay: first.day))
            high = max(high, bucket.ordinal(ofDay: last.day))
            days += job.count
        }
        guard days > 0 else { return [] }
        if high - low < Self.densityLimit * Int64(days) + 1024 {
            var dense = [ChartPoint?](repeating: nil, count: Int(high - low + 1))
            for job in jobs {
                job.points(bucket) { ordinal, point in
                    let slot = Int(ordinal - low)
                    if dense[slot] == nil { dense[slot] = point } else { dense[slot]?.add(job: point) }
                }
            }
            return dense.compactMap { $0 }
        }
        var sparse: [Int64: ChartPoint] = [:]
        for job in jobs {
            job.points(bucket) { ordinal, point in
                if sparse[ordinal] == nil { sparse[ordinal] = point } else { sparse[ordinal]?.add(job: point) }
            }
        }
        return sparse.sorted { $0.key < $1.key }.map(\.value)
    }
}
