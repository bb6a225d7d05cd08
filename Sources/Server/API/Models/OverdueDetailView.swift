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
        backups = report.jobs.map { JobOverdueView($0, state: report.states[$0.state.key]) }
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
    init(_ job: OverdueReport.Job, state: OverdueStateRecord.State?) {
        self.job = JobStatusView(job.state)
        overdueInfo = OverdueInfoView(job, state: state)
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
    /// Where `expectedTime` comes from: `configured`, `duplicati`, `inferred` or `default`.
    var source: String
    /// The interval in force (`1D`); null when Duplicati's own schedule is used.
    var expectedInterval: Nullable<String>
    /// Weekdays the schedule allows (0 = Sunday); empty means every day.
    var allowedWeekDays: [Int]
    /// Whether the job is checked at all.
    var checkEnabled: Bool
    var lastNotificationSent: Nullable<APIJSON.Timestamp>
    var lastOverdueCheck: Nullable<APIJSON.Timestamp>
    var recommendations: [String]

    /// The API's fields of `job`'s verdict and its notification record.
    init(_ job: OverdueReport.Job, state: OverdueStateRecord.State?) {
        let verdict = job.state.verdict
        isOverdue = verdict.isOverdue
        expectedTime = APIJSON.Timestamp(verdict.expectedAt)
        toleranceSeconds = verdict.tolerance.seconds
        overdueSeconds = verdict.overdueSeconds
        source = verdict.source.rawValue
        expectedInterval = Nullable(verdict.interval?.description)
        allowedWeekDays = verdict.allowedWeekDays.sorted()
        checkEnabled = verdict.checkEnabled
        lastNotificationSent = Nullable(state?.lastNotificationSent.map(APIJSON.Timestamp.init))
        lastOverdueCheck = Nullable(state?.lastOverdueCheck.map(APIJSON.Timestamp.init))
        recommendations = job.recommendations
    }
}
