/// The overdue analysis of one server's jobs (`GET /api/detail/:serverId`): the verdicts are
/// evaluated at `evaluatedAt`, with what a person can check for each overdue job.
struct OverdueReport: Sendable {
    /// One job's verdict explained.
    struct Job: Sendable {
        /// The job's state and verdict.
        var state: JobState
        /// What to check, most likely cause first; empty while the job is not overdue.
        var recommendations: [String]
    }

    /// The server and its jobs.
    var server: ServerJobs
    /// Each job's verdict, by name.
    var jobs: [Job]
    /// Each job's overdue notification record, by job key.
    var states: [String: OverdueStateRecord.State]
    /// Jobs overdue now.
    var totalOverdue: Int
    /// The mean lateness of the overdue jobs in seconds; 0 when none is overdue.
    var averageOverdueSeconds: Int64
    /// When the verdicts were computed (epoch ms).
    var evaluatedAt: Int64

    /// The analysis of `server`'s jobs at `now`, with their overdue notification `states`.
    init(_ server: ServerJobs, states: [String: OverdueStateRecord.State], now: Int64) {
        self.server = server
        self.states = states
        jobs = server.jobs.map { state in
            Job(state: state, recommendations: state.verdict.isOverdue ? Self.advice(state, server: server.server) : [])
        }
        let late = server.jobs.filter(\.verdict.isOverdue)
        totalOverdue = late.count
        averageOverdueSeconds = late.isEmpty ? 0 : late.reduce(0) { $0 + $1.verdict.overdueSeconds } / Int64(late.count)
        evaluatedAt = now
    }

    /// What a person can check, in the order most likely to find the cause.
    static func advice(_ state: JobState, server: ServerRecord) -> [String] {
        let host = server.alias.isEmpty ? server.name : server.alias
        let since = ReportTimestamp.isoString(epochMilliseconds: state.lastRun.beginTime)
        var lines = [
            "No run of '\(state.backupName)' has arrived since \(since): "
                + "check that Duplicati on '\(host)' is running and can reach duplistatus.",
            scheduleAdvice(state.verdict),
        ]
        if state.lastRun.status.isFailure {
            lines.append("The latest run ended with \(state.lastRun.status.rawValue): fix its errors so the next run can complete.")
        }
        return lines
    }

    /// What to check about the schedule the expectation came from.
    static func scheduleAdvice(_ verdict: OverdueVerdict) -> String {
        let every = verdict.interval.map { " every \(interval($0.approximateSeconds))" } ?? ""
        switch verdict.source {
        case .duplicati:
            return "Duplicati itself scheduled this run: check that its scheduler is running and the job is not paused."
        case .inferred:
            return "The interval\(every) was inferred from earlier runs: check that the job is still scheduled so, "
                + "or set its schedule in the monitoring settings."
        case .configured, .default:
            return "Check that the job is still scheduled\(every) in Duplicati, "
                + "or change the expected interval in its monitoring settings."
        }
    }

    /// An interval in the largest whole unit, e.g. "1 day", "6 hours".
    static func interval(_ seconds: Int64) -> String {
        let units: [(Int64, String)] = [(86_400, "day"), (3_600, "hour"), (60, "minute")]
        let (size, name) = units.first { seconds > 0 && seconds % $0.0 == 0 } ?? (1, "second")
        let count = seconds / size
        return "\(count) \(name)\(count == 1 ? "" : "s")"
    }
}
