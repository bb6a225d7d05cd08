/// The aggregated state of a server (api.md §1 `overallStatus`).
enum OverallStatus {
    /// The worst latest status of `jobs`, an overdue job counting as at least Warning; Unknown without jobs.
    static func of(_ jobs: [JobState]) -> ParsedRun.Status {
        let statuses = jobs.map { job -> ParsedRun.Status in
            let latest = job.lastRun.status
            return job.verdict.isOverdue && latest.severity < ParsedRun.Status.warning.severity ? .warning : latest
        }
        return statuses.max { $0.severity < $1.severity } ?? .unknown
    }
}
