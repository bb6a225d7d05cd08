import Algorithms
import FlatStore

/// Every job's runs folded into UTC days (`ChartDay`), kept by the store as a partition aggregate of
/// the `byJob` index: updated in the same critical section that applies each write (upload, delete,
/// merge, cleanup) and rebuilt while a store opens (so a restored store brings its own), which lets a
/// chart cost what its days cost, never what the runs cost.
struct ChartDays: Sendable {
    /// One `byJob` partition: its key and its days, oldest first (a job whose runs are all gone keeps
    /// its place with no days).
    struct Job: Sendable {
        /// `"<serverId>:<backupName>"`.
        var key: String
        /// One entry per day with runs, by day.
        var days: [ChartDay] = []
    }

    /// The jobs by their partition number in the `byJob` index.
    private(set) var jobs: [Job] = []

    /// Applies one change of a `byJob` partition.
    ///
    /// A job loaded whole (as the store opens) is folded from its runs; a new run is added to its day;
    /// a removed or replaced run's day is recomputed from the runs the index holds for it now (the
    /// day's last run may be the one that went).
    mutating func apply(_ change: PartitionChange<ParsedRun>) {
        while jobs.count <= change.partition { jobs.append(Job(key: "")) }
        if jobs[change.partition].key.isEmpty { jobs[change.partition].key = change.partitionName }
        if change.isWholePartition {
            // Sized exactly: every job is built this way as the store opens.
            let days = ChartDay.days(of: change.summaries(from: .min, to: .max))
            jobs[change.partition].days = []
            jobs[change.partition].days.reserveCapacity(days.count)
            jobs[change.partition].days.append(contentsOf: days)
            return
        }
        guard let removed = change.removed else {
            if let inserted = change.inserted { jobs[change.partition].add(inserted) }
            return
        }
        let day = ChartBucket.day(of: removed.beginTime)
        jobs[change.partition].recompute(day: day, change)
        if let inserted = change.inserted, ChartBucket.day(of: inserted.beginTime) != day {
            jobs[change.partition].recompute(day: ChartBucket.day(of: inserted.beginTime), change)
        }
    }
}

extension ChartDays.Job {
    /// Adds a run the index placed after every stored run of its begin time.
    mutating func add(_ run: RunSummary) {
        let day = ChartBucket.day(of: run.beginTime)
        // A quarter more when full, not Swift's doubling: each job gains a day each day it runs.
        if days.count == days.capacity { days.reserveCapacity(days.count + max(8, days.count / 4)) }
        // Uploads arrive in time order: the new run belongs to the last day or a later one.
        if let last = days.indices.last, days[last].day <= day {
            if days[last].day == day { days[last].add(run) } else { days.append(ChartDay(run)) }
            return
        }
        let position = firstIndex(onOrAfter: day)
        if position < days.count, days[position].day == day {
            days[position].add(run)
        } else {
            days.insert(ChartDay(run), at: position)
        }
    }

    /// Replaces one day's entry by what the partition now holds for that day (nothing: no entry).
    mutating func recompute(day: Int64, _ change: PartitionChange<ParsedRun>) {
        let dayStart = day * ChartBucket.dayMilliseconds
        let refolded = ChartDay.days(of: change.summaries(from: dayStart, to: dayStart + ChartBucket.dayMilliseconds - 1)).first
        let position = firstIndex(onOrAfter: day)
        let present = position < days.count && days[position].day == day
        switch (refolded, present) {
        case (let entry?, true): days[position] = entry
        case (let entry?, false): days.insert(entry, at: position)
        case (nil, true): days.remove(at: position)
        case (nil, false): break
        }
    }

    /// The position of the first day at or after epoch day `day` (binary search).
    func firstIndex(onOrAfter day: Int64) -> Int {
        days.partitioningIndex { $0.day >= day }
    }
}
