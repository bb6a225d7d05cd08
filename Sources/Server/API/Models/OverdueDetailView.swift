/// `GET /api/detail/:serverId`: a server with the overdue analysis of each job.
struct OverdueDetailView: Encodable, Sendable {
    var server: ServerStatusView
    var backups: [JobOverdueView]
    var overdueSummary: OverdueSummaryView
    /// When the verdicts were computed: they are evaluated on every request, so this is now.
    var lastOverdueCheck: String

    /// The analysis of `jobs` of `server` at `now` under `policy`.
    init(server record: ServerRecord, jobs: [JobState], policy: OverduePolicy, now: Int64) {
        server = ServerStatusView(record, jobs: jobs, includeBackups: false)
        backups = jobs.map { JobOverdueView($0, server: record, policy: policy) }
        let late = jobs.filter(\.verdict.isOverdue)
        let lateness = late.reduce(Int64(0)) { $0 + $1.verdict.overdueSeconds }
        overdueSummary = OverdueSummaryView(
            totalOverdue: late.count,
            averageOverdueSeconds: late.isEmpty ? 0 : lateness / Int64(late.count)
        )
        lastOverdueCheck = APITime.string(now)
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
    init(_ state: JobState, server: ServerRecord, policy: OverduePolicy) {
        job = JobStatusView(state)
        overdueInfo = OverdueInfoView(state, server: server, policy: policy)
    }

    /// Writes the job's fields at the top level, beside `overdueInfo`.
    func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(overdueInfo, forKey: .overdueInfo)
    }

    private enum CodingKeys: String, CodingKey {
        case overdueInfo
    }
}

/// The overdue verdict of one job and what to do about it.
struct OverdueInfoView: Encodable, Sendable {
    var isOverdue: Bool
    var expectedTime: String
    var toleranceSeconds: Int64
    var overdueSeconds: Int64
    /// Overdue notifications are not sent yet, so none was ever recorded.
    var lastNotificationSent: Nullable<String>
    var recommendations: [String]

    /// The verdict of `state`, with advice only when it is overdue.
    init(_ state: JobState, server: ServerRecord, policy: OverduePolicy) {
        isOverdue = state.verdict.isOverdue
        expectedTime = APITime.string(state.verdict.expectedAt)
        toleranceSeconds = policy.toleranceSeconds
        overdueSeconds = state.verdict.overdueSeconds
        lastNotificationSent = Nullable(nil)
        recommendations = isOverdue ? Self.advice(state, server: server, policy: policy) : []
    }

    /// What a person can check, in the order most likely to find the cause.
    static func advice(_ state: JobState, server: ServerRecord, policy: OverduePolicy) -> [String] {
        let host = server.alias.isEmpty ? server.name : server.alias
        var lines = [
            "No run of '\(state.backupName)' has arrived since \(APITime.string(state.lastRun.beginTime)): "
                + "check that Duplicati on '\(host)' is running and can reach duplistatus.",
            "Check that the job is still scheduled every \(interval(policy.intervalSeconds)) in Duplicati, "
                + "or change the expected interval in its monitoring settings.",
        ]
        if state.lastRun.status == .error || state.lastRun.status == .fatal {
            lines.append("The latest run ended with \(state.lastRun.status.rawValue): fix its errors so the next run can complete.")
        }
        return lines
    }

    /// An interval in the largest whole unit, e.g. "1 day", "6 hours".
    static func interval(_ seconds: Int64) -> String {
        let units: [(Int64, String)] = [(86_400, "day"), (3_600, "hour"), (60, "minute")]
        let (size, name) = units.first { seconds > 0 && seconds % $0.0 == 0 } ?? (1, "second")
        let count = seconds / size
        return "\(count) \(name)\(count == 1 ? "" : "s")"
    }
}
