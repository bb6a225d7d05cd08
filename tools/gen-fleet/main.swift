// Deterministic fleet generator: writes RUNS backup runs over JOBS jobs on SERVERS servers into a
// new data directory, as uploads would store them, for measuring pages and endpoints at scale.
//
//     swift run -c release gen-fleet DIR [runs] [jobs] [servers] [end-epoch-seconds]
//
// Each job runs every `span / runsPerJob` up to `end` (default: now, rounded down to the hour),
// so the newest runs are recent and "the last 30 days" has data. Sizes, durations and statuses
// follow fixed formulas of the job and run number: the same arguments give the same store.
// The first run of each job goes through `BackupStore.ingest` (which creates its server); the
// rest are parsed from the same generic report format and written in batches of 1,000.

import FlatStore
import Foundation
import Server

let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    print("usage: gen-fleet DIR [runs] [jobs] [servers] [end-epoch-seconds]")
    exit(2)
}
let totalRuns = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let jobs = arguments.count > 2 ? Int(arguments[2]) ?? 700 : 700
let servers = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
let endSeconds = arguments.count > 4 ? Int64(arguments[4]) ?? 0 : Int64(Date().timeIntervalSince1970) / 3600 * 3600
let runsPerJob = max(1, totalRuns / jobs)
// A year of history, whatever the number of runs: denser jobs run more often.
let stepSeconds = max(60, 365 * 86_400 / Int64(runsPerJob))

if FileManager.default.fileExists(atPath: directory) {
    print("gen-fleet: \(directory) exists; give a new directory")
    exit(2)
}
var options = StoreOptions.duplistatus(directory: directory)
options.fsync = .none
options.backgroundMaintenance = false
options.logger.logLevel = .warning
let store = try FlatStore.open(options, schema: .duplistatus)
let backups = BackupStore(store: store)
let formatter = ISO8601DateFormatter()
let statuses = ["success", "success", "success", "success", "success", "success", "success", "warning", "success", "error"]

/// The generic report (api.md §2) of run `index` of job `job`.
@MainActor func report(job: Int, index: Int) -> [UInt8] {
    let server = job % servers
    let begin = endSeconds - Int64(runsPerJob - 1 - index) * stepSeconds - Int64(job % 60) * 60
    let duration = 60 + (job * 7 + index * 13) % 900
    let size = Int64(1 + job % 50) << 30 + Int64(index) * 1_048_576
    let status = statuses[(job + index) % statuses.count]
    let body = """
        {"server":{"name":"server-\(server)","id":"srv-\(server)"},
         "backup":{"name":"job-\(job / servers)","status":"\(status)",
           "startTime":"\(formatter.string(from: Date(timeIntervalSince1970: Double(begin))))",
           "endTime":"\(formatter.string(from: Date(timeIntervalSince1970: Double(begin) + Double(duration))))",
           "duration":\(duration),"files":\(10_000 + job * 10 + index % 100),"size":\(size),
           "storageUsed":\(size / 2 * 3),"uploadedSize":\(1_048_576 * (1 + (job + index) % 64)),"versions":\(1 + index % 30)}}
        """
    return Array(body.utf8)
}

/// The run of `body`, parsed as an upload would parse it.
@MainActor func parse(_ body: [UInt8]) -> ParsedRun {
    guard case .run(let run) = UploadParser.parse(body: body, contentType: "application/json", now: endSeconds * 1000) else {
        fatalError("gen-fleet: the generated report does not parse")
    }
    return run
}

let started = Date()
for job in 0..<jobs {
    _ = try await backups.ingest(parse(report(job: job, index: 0)), receivedAt: endSeconds * 1000)
}
var batch = WriteBatch()
var written = jobs
for index in 1..<runsPerJob {
    for job in 0..<jobs {
        try batch.put(parse(report(job: job, index: index)))
        written += 1
        if written % 1_000 == 0 {
            try await store.write(batch)
            batch = WriteBatch()
        }
    }
    if index % 100 == 0 { print("gen-fleet: \(written) runs, \(Int(Date().timeIntervalSince(started))) s") }
}
try await store.write(batch)
await store.close()
print(
    "gen-fleet: \(written) runs over \(jobs) jobs on \(min(jobs, servers)) servers in \(Int(Date().timeIntervalSince(started))) s, up to \(endSeconds)"
)
