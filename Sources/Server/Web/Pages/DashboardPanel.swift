/// The dashboard's side panel: jobs by status, overdue jobs, jobs needing attention, small charts.
struct DashboardPanel: Sendable {
    /// Jobs counted by the status of their latest run.
    var counts: [Count]
    /// Overdue jobs.
    var overdue: [Entry]
    /// Jobs whose last run had warnings or errors.
    var problems: [Entry]
    /// Small fleet charts of the last 30 days; filled by the controller.
    var charts: [SVGChart] = []

    /// How many jobs are overdue.
    var overdueCount: Int
    /// How many jobs' last runs had warnings or errors.
    var problemsCount: Int

    /// One status and how many jobs ended in it.
    struct Count: Sendable {
        var label: String
        var tone: String
        var jobs: Int
    }

    /// One job in a list, linking to it.
    struct Entry: Sendable {
        var server: String
        var backupName: String
        var link: String
        var detail: String
        var tone: String
    }

    /// The panel of `overview` at `now`.
    init(_ overview: FleetOverview, now: Int64) {
        let tally = overview.summary.latestStatuses
        counts = [
            Count(label: "Success", tone: "ok", jobs: tally.successful),
            Count(label: "Warning", tone: "warn", jobs: tally.warnings),
            Count(label: "Error", tone: "err", jobs: tally.failed),
            Count(label: "Overdue", tone: "err", jobs: overview.summary.overdue),
        ]
        var overdue: [Entry] = []
        var problems: [Entry] = []
        for entry in overview.servers {
            let name = entry.server.alias.isEmpty ? entry.server.name : entry.server.alias
            for job in entry.jobs {
                let link = PageRoute.serverLink(entry.server.id, backupName: job.backupName)
                if job.verdict.isOverdue {
                    let detail = "expected " + DisplayFormat.relative(job.verdict.expectedAt, now: now)
                    overdue.append(Entry(server: name, backupName: job.backupName, link: link, detail: detail, tone: "err"))
                }
                if job.lastRun.warnings > 0 || job.lastRun.errors > 0 || job.lastRun.status != .success {
                    let detail = "\(job.lastRun.warnings) warnings, \(job.lastRun.errors) errors"
                    let tone = StatusBadge(job.lastRun.status).tone
                    problems.append(Entry(server: name, backupName: job.backupName, link: link, detail: detail, tone: tone))
                }
            }
        }
        self.overdue = overdue
        self.problems = problems
        overdueCount = overdue.count
        problemsCount = problems.count
    }
}
