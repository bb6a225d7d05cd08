import FlatStore

extension BackupStore {
    /// The chart series (api.md §4) of the fleet, of one server, or of one job, oldest bucket first,
    /// holding only buckets that have runs.
    ///
    /// `serverId` must be a resolved id (use `server(_:)` for ids or names); nil charts every server.
    /// `backupName` narrows to the jobs of that name (with `serverId`: the one job). Unknown ids give
    /// an empty series; callers that must answer 404 check `server(_:)` and `hasJob` first.
    ///
    /// Answered from the per-job days (`ChartDays`): the work grows with the jobs and days charted,
    /// not with the runs; only a partial first or last day is read from the index. The lock is held
    /// only to pick the days; the buckets are summed after it. `carryingStates` counts each job's
    /// states as they stood at every bucket (`ChartAggregation.carryingStates`), for the pages.
    func chartPoints(
        serverId: String?,
        backupName: String?,
        range: ChartRange,
        bucket: ChartBucket,
        carryingStates: Bool = false
    ) throws -> [ChartPoint] {
        let span = ChartDaySpan(range)
        let selected = try store.read { view in
            var selected: [ChartJobDays] = []
            for job in view.aggregate(ChartDays.self)?.jobs ?? [] where !job.days.isEmpty {
                guard Self.chartIncludes(job: job.key, serverId: serverId, backupName: backupName) else { continue }
                var days = ChartJobDays(days: [])
                if let whole = span.wholeDays {
                    days.days = job.days[job.firstIndex(onOrAfter: whole.lowerBound)..<job.firstIndex(onOrAfter: whole.upperBound + 1)]
                }
                days.head = try Self.partialDay(span.head, of: job, view)
                days.tail = try Self.partialDay(span.tail, of: job, view)
                if days.count > 0 { selected.append(days) }
            }
            return selected
        }
        let totals = ChartTotals.series(selected, bucket: bucket)
        guard carryingStates, selected.count > 1 else { return totals }
        let jobs = selected.map { job in
            var points: [ChartPoint] = []
            job.points(bucket) { _, point in points.append(point) }
            return points
        }
        return ChartAggregation.carryingStates(totals, jobs: jobs)
    }

    /// Whether the job `key` is charted: an exact key when both parts are known, otherwise the
    /// server (the text before the first `:`) and the name (after it) compared apart.
    static func chartIncludes(job key: String, serverId: String?, backupName: String?) -> Bool {
        if let serverId, let backupName { return key == ParsedRun.jobKey(serverId: serverId, backupName: backupName) }
        guard let split = key.firstIndex(of: ":") else { return false }
        if let serverId, key[..<split] != serverId { return false }
        if let backupName, key[key.index(after: split)...] != backupName { return false }
        return true
    }

    /// The part `instants` (within one day) of a job's day: none when the job has no run that day,
    /// the whole day when its runs all begin within `instants` (the days tell both), else read from
    /// the index.
    private static func partialDay(_ instants: ClosedRange<Int64>?, of job: ChartDays.Job, _ view: StoreView) throws -> ChartDay? {
        guard let instants else { return nil }
        let day = ChartBucket.day(of: instants.lowerBound)
        let position = job.firstIndex(onOrAfter: day)
        guard position < job.days.count, job.days[position].day == day else { return nil }
        let whole = job.days[position]
        if instants.contains(whole.firstRunTime), instants.contains(whole.lastRunTime) { return whole }
        let runs = try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: job.key, from: instants.lowerBound, to: instants.upperBound)
        return ChartDay.days(of: runs.items.lazy.map(\.summary)).first
    }

    /// Whether the server has any stored run under `backupName`.
    func hasJob(serverId: String, backupName: String) throws -> Bool {
        let key = ParsedRun.jobKey(serverId: serverId, backupName: backupName)
        return try store.read { view in try view.count(ParsedRun.self, index: ParsedRun.byJob, partition: key) > 0 }
    }
}
