import Algorithms
import FlatStore

/// The fleet's figures that do not depend on the clock, from the job states and running totals:
/// kept until the next write, so a summary is these plus a binary search for the overdue count.
struct FleetFigures: Sendable, Equatable {
    /// Known servers.
    var servers: Int
    /// Known jobs (server and backup name).
    var jobs: Int
    /// Stored runs.
    var runs: Int
    /// Source bytes after each job's latest run, summed.
    var backupSize: Int64
    /// Destination bytes after each job's latest run, summed.
    var storageUsed: Int64
    /// Bytes uploaded by every stored run.
    var uploadedSize: Int64
    /// The jobs counted by the status of their latest run.
    var latestStatuses: StatusTally
    /// When the newest run ended (epoch ms); nil without runs.
    var lastBackupEnd: Int64?
    /// When the newest run began (epoch ms); nil without runs.
    var lastBackupBegin: Int64?
    /// Destination and source bytes of each server's run(s) at its newest begin time (ties all
    /// count), summed over servers: the Node app's way of totalling sizes.
    var newestRunsStorageUsed: Int64
    var newestRunsBackupSize: Int64
    /// Each checked job's `OverdueVerdict.overdueAfter`, ascending.
    var overdueAfter: [Int64]

    /// The figures of `jobs` (judged or not: only their expectations are read).
    init(jobs: [JobState], servers: Int, runs: Int, totals: FleetTotals) {
        self.servers = servers
        self.jobs = jobs.count
        self.runs = runs
        backupSize = jobs.saturatingSum(\.lastRun.fileSize)
        storageUsed = jobs.saturatingSum(\.lastRun.storageSize)
        uploadedSize = totals.uploadedSize
        latestStatuses = StatusTally(jobs.map(\.lastRun.status))
        lastBackupEnd = jobs.map(\.lastRun.endTime).max()
        lastBackupBegin = jobs.map(\.lastRun.beginTime).max()
        var storage: Int64 = 0
        var source: Int64 = 0
        for serverJobs in Dictionary(grouping: jobs, by: \.serverId).values {
            guard let newest = serverJobs.map(\.lastRun.beginTime).max() else { continue }
            for job in serverJobs where job.lastRun.beginTime == newest {
                storage = storage.saturatingAdding(job.lastRun.storageSize)
                source = source.saturatingAdding(job.lastRun.fileSize)
            }
        }
        newestRunsStorageUsed = storage
        newestRunsBackupSize = source
        overdueAfter = jobs.compactMap(\.verdict.overdueAfter).sorted()
    }

    /// Jobs overdue at `now`: those whose `overdueAfter` lies before it.
    func overdue(at now: Int64) -> Int {
        overdueAfter.partitioningIndex { $0 >= now }
    }
}

extension BackupStore {
    /// The fleet's figures now, kept until the next write.
    func fleetFigures() throws -> FleetFigures {
        let store = self.store
        return try store.read { view in
            try keptFleetFigures.value(of: store, view) {
                let jobs = try keptJobStates.value(of: store, view) { try Self.unjudgedJobs(view, serverId: nil) }
                return Self.fleetFigures(jobs: jobs, view)
            }
        }
    }

    /// The figures of `jobs` with the counts and running totals of `view`.
    static func fleetFigures(jobs: [JobState], _ view: StoreView) -> FleetFigures {
        FleetFigures(
            jobs: jobs,
            servers: view.count(ServerRecord.self),
            runs: view.count(ParsedRun.self),
            totals: view.aggregate(FleetTotals.self) ?? FleetTotals()
        )
    }
}
