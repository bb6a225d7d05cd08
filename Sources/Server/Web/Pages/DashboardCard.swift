/// One server's card on the dashboard: its status and a line per job with the last ten runs.
struct DashboardCard: Sendable, Equatable {
    /// The server's id, which names the card's rendering in the fragment cache.
    var serverId: String
    /// Alias, or name when there is none.
    var displayName: String
    /// Name and note, shown on hover.
    var hoverText: String
    /// The server page.
    var link: String
    /// The worst latest status of its jobs, overdue counting as warning.
    var status: StatusBadge
    /// Its jobs, by name.
    var jobs: [Job]
    /// Words the dashboard filter matches: name, alias, id, URL, job names.
    var searchText: String
    /// The newest run of any job, for sorting cards.
    var lastRunTime: Int64
    /// The status's severity, for sorting cards worst first.
    var severity: Int
    /// Files, size and storage after each job's last run, summed, and the newest run's age.
    var files: String
    var size: String
    var storage: String
    var lastAge: String

    /// One job line.
    struct Job: Sendable, Equatable {
        var name: String
        var link: String
        /// The status strip, drawn like the charts: oldest first, so the newest run is at the right end.
        var strip: String
        /// `"5m"`, `"3h"`, `"2d"`.
        var age: String
        var lastRun: PageTime
        var isOverdue: Bool
        var expected: PageTime
        /// Size, storage, uploaded, duration and versions of the last run.
        var figures: String
    }

    /// The strip of the last runs (given newest first) as HTML: one coloured bar per run, its
    /// date and status on hover. Written here, like the SVG charts, because at 700 jobs it is 7,000
    /// elements, which cost the template engine more than the rest of the dashboard together.
    static func strip(_ newestFirst: [JobState.RecentRun]) -> String {
        let oldestFirst = newestFirst.reversed()
        let statuses = oldestFirst.map(\.summary.status.rawValue).joined(separator: ", ")
        var html = "<span class=\"strip\" role=\"img\" aria-label=\"Last runs, oldest first: \(statuses)\">"
        for run in oldestFirst {
            let status = run.summary.status
            let title = DisplayFormat.absolute(run.summary.endTime) + " · " + status.rawValue
            html += "<i class=\"bg-\(StatusBadge(status).tone)\" title=\"\(title)\"></i>"
        }
        return html + "</span>"
    }

    /// The card of `entry` at `now`; each job's strip is drawn again only when its runs changed.
    init(_ entry: ServerJobs, now: Int64, strips: FragmentCache<[JobState.RecentRun]>) {
        let server = entry.server
        serverId = server.id
        displayName = server.alias.isEmpty ? server.name : server.alias
        hoverText = [server.name, server.note].filter { !$0.isEmpty }.joined(separator: " — ")
        link = PageRoute.serverLink(server.id)
        status = StatusBadge(entry.overallStatus)
        severity = entry.overallStatus.severity
        jobs = entry.jobs.map { job in
            let last = job.lastRun
            return Job(
                name: job.backupName,
                link: PageRoute.serverLink(server.id, backupName: job.backupName),
                strip: strips.html(id: job.key, model: job.recentRuns, render: Self.strip),
                age: DisplayFormat.shortAge(last.endTime, now: now),
                lastRun: PageTime(last.endTime, now: now),
                isOverdue: job.verdict.isOverdue,
                expected: PageTime(job.verdict.expectedAt, now: now),
                figures: "Size \(DisplayFormat.bytes(last.fileSize)) · Storage \(DisplayFormat.bytes(last.storageSize)) · "
                    + "Uploaded \(DisplayFormat.bytes(last.uploadedSize)) · Duration \(DisplayFormat.duration(last.durationSeconds)) · "
                    + "Versions \(last.versions)"
            )
        }
        searchText = ([server.name, server.alias, server.id, server.serverUrl] + entry.jobs.map(\.backupName))
            .joined(separator: " ").lowercased()
        lastRunTime = entry.jobs.map(\.lastRun.endTime).max() ?? 0
        files = DisplayFormat.count(entry.jobs.saturatingSum(\.lastRun.fileCount))
        size = DisplayFormat.bytes(entry.jobs.saturatingSum(\.lastRun.fileSize))
        storage = DisplayFormat.bytes(entry.jobs.saturatingSum(\.lastRun.storageSize))
        lastAge = entry.jobs.isEmpty ? "—" : DisplayFormat.shortAge(lastRunTime, now: now)
    }
}
