/// The figures of one server's whole history (api.md §3 `statistics`).
struct ServerStatistics: Sendable, Equatable {
    /// Every stored run counted by status.
    var runs: StatusTally
    /// Mean run duration in seconds, 2 decimals; 0 without runs.
    var averageDurationSeconds: Double = 0
    /// Bytes uploaded by every run.
    var totalUploadedSize: Int64 = 0
    /// `fileSize` of the newest run; 0 without runs.
    var lastBackupSize: Int64 = 0
    /// `storageSize` of each job's latest run, summed.
    var totalStorageUsed: Int64 = 0
    /// `versions` of each job's latest run, summed.
    var availableVersions: Int64 = 0

    /// Figures over `runs` (oldest first) and the latest state of `jobs`.
    init(runs: [RunSummary], jobs: [JobState]) {
        self.runs = StatusTally(runs.map(\.status))
        totalUploadedSize = runs.saturatingSum(\.uploadedSize)
        lastBackupSize = runs.last?.fileSize ?? 0
        totalStorageUsed = jobs.saturatingSum(\.lastRun.storageSize)
        availableVersions = jobs.saturatingSum { Int64($0.lastRun.versions) }
        guard !runs.isEmpty else { return }
        let mean = runs.reduce(0) { $0 + $1.durationSeconds } / Double(runs.count)
        averageDurationSeconds = (mean * 100).rounded() / 100
    }
}

extension BackupStore {
    /// The statistics of one server, from its jobs' `byJob` partitions: the work grows with its runs only.
    func serverStatistics(serverId: String, jobs: [JobState]) throws -> ServerStatistics {
        let runs = try store.read { view in
            try view.scanRuns(ofServer: serverId).items.map(\.summary)
        }
        return ServerStatistics(runs: runs, jobs: jobs)
    }
}

extension BackupStore {
    /// The statistics of one job, from its `byJob` partition: the server page narrowed to a job.
    func jobStatistics(_ job: JobState) throws -> ServerStatistics {
        let runs = try store.read { view in
            try view.scan(ParsedRun.self, index: ParsedRun.byJob, partition: job.key).items.map(\.summary)
        }
        return ServerStatistics(runs: runs, jobs: [job])
    }
}
