/// `GET /api/detail/:serverId`: a server with the overdue analysis of each job.
struct OverdueDetailView: Encodable, Sendable {
    var server: ServerStatusView
    var backups: [JobOverdueView]
    var overdueSummary: OverdueSummaryView
    /// When the verdicts were computed: they are evaluated on every request, so this is now.
    var lastOverdueCheck: APIJSON.Timestamp

    /// The API's fields of `report`.
    init(_ report: OverdueReport) {
        server = ServerStatusView(report.server, includeBackups: false)
        backups = report.jobs.map { JobOverdueView($0, policy: report.policy) }
        overdueSummary = OverdueSummaryView(totalOverdue: report.totalOverdue, averageOverdueSeconds: report.averageOverdueSeconds)
        lastOverdueCheck = APIJSON.Timestamp(report.evaluatedAt)
    }
}

/// How many jobs are overdue and by how long on average (0 when none).
struct OverdueSummaryView: Encodable, Sendable {
    var totalOverdue: Int
    var averageOverdueSeconds: Int64
}

/// A job's `JobStatus` fields with `overdueInfo` beside them.
struct JobOverdueView: Encodable, Sendable {
    var job: JobStatusView
    var overdueInfo: OverdueInfoView

    /// The job's status and its overdue verdict explained.
    init(_ job: OverdueReport.Job, policy: OverduePolicy) {
        self.job = JobStatusView(job.state)
        overdueInfo = OverdueInfoView(job, policy: policy)
    }

    /// Writes the job's fields at the top level, beside `overdueInfo`.
    func encode(to encoder: any Encoder) throws {
        try encoder.encodeFlattened(job, adding: ["overdueInfo": overdueInfo])
    }
}

/// The overdue verdict of one job and what to do about it.
struct OverdueInfoView: Encodable, Sendable {
    var isOverdue: Bool
    var expectedTime: APIJSON.Timestamp
    var toleranceSeconds: Int64
    var overdueSeconds: Int64
    /// Overdue notifications are not sent yet, so none was ever recorded.
    var lastNotificationSent: Nullable<APIJSON.Timestamp>
    var recommendations: [String]

    /// The API's fields of `job`'s verdict.
    init(_ job: OverdueReport.Job, policy: OverduePolicy) {
        isOverdue = job.state.verdict.isOverdue
        expectedTime = APIJSON.Timestamp(job.state.verdict.expectedAt)
        toleranceSeconds = policy.toleranceSeconds
        overdueSeconds = job.state.verdict.overdueSeconds
        lastNotificationSent = Nullable(nil)
        recommendations = job.recommendations
    }
}
