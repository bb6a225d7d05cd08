// Times the upload path stage by stage: decode (body bytes to ReportJSON), map (ReportJSON to a
// ParsedRun), encode (the run as the JSON body the store writes) and commit (BackupStore.ingest:
// batch, append, index; fsync as chosen). Run it in release:
//
//     swift run -c release bench-upload [iterations] [fsync]
//
// Inputs are the committed synthetic fixtures and the real reports of ../shared/samples.

import FlatStore
import Foundation
import Server

/// One timed stage: microseconds per operation, the median of `rounds` rounds.
func measure(_ label: String, rounds: Int = 5, iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds * 1e6 / Double(iterations))
    }
    return samples.sorted()[rounds / 2]
}

/// The text of a microsecond figure, one decimal.
func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

let arguments = CommandLine.arguments.dropFirst()
let iterations = arguments.first.flatMap { Int($0) } ?? 2_000
let fsync = arguments.dropFirst().first.flatMap(FsyncPolicy.init(rawValue:)) ?? .none
let now: Int64 = 1_900_000_000_000
let inputs = [
    "Tests/ServerTests/Fixtures/synthetic-backup-success-2.1.0.5.json",
    "Tests/ServerTests/Fixtures/synthetic-backup-success-many-loglines-deletion-2.1.0.5.json",
    "../shared/samples/duplicati-reports/real-trimmed-backup-success-2.1.0.5-duplistatus-docs.json",
]

print("bench-upload: \(iterations) iterations per stage, median of 5 rounds, µs per upload; commit with fsync=\(fsync.rawValue)")
print("| body | bytes | decode | decode (JSONDecoder) | map | encode | commit | total |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
// The many-log-lines sample again with every '/' written as an escaped '\\' (Windows paths), so
// the strings with escapes, which take the slower path, are measured too.
let escapedVariant = "many-loglines, '/' as '\\\\'"
for path in inputs + [escapedVariant] {
    let source = path == escapedVariant ? inputs[1] : path
    guard var data = FileManager.default.contents(atPath: source) else {
        print("| \(path) | missing | | | | | | |")
        continue
    }
    if path == escapedVariant {
        data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "/", with: "\\\\").utf8)
    }
    let body = Array(data)
    let json = try UploadParser.decode(body)
    guard case .run(let run) = UploadParser.map(json, now: now) else { fatalError("\(path) is not a backup run") }
    let decode = try measure("decode", iterations: iterations) { _ = try UploadParser.decode(body) }
    let decoder = JSONDecoder()
    let foundation = try measure("decode (JSONDecoder)", iterations: iterations) {
        _ = try decoder.decode(ReportJSON.self, from: Data(body))
    }
    let same = try decoder.decode(ReportJSON.self, from: Data(body)) == json
    precondition(same, "the two decoders disagree on \(path)")
    let map = measure("map", iterations: iterations) { _ = UploadParser.map(json, now: now) }
    let encode = try measure("encode", iterations: iterations) { _ = try run.canonicalBody() }

    // Distinct runs (each of its own job, so none is a duplicate), parsed before the clock starts.
    let directory = NSTemporaryDirectory() + "bench-upload-\(UUID().uuidString)"
    var options = StoreOptions.duplistatus(directory: directory)
    options.fsync = fsync
    options.backgroundMaintenance = false
    options.logger.logLevel = .warning
    let store = try FlatStore.open(options, schema: .duplistatus)
    let backups = BackupStore(store: store)
    let text = String(decoding: body, as: UTF8.self)
    var runs: [ParsedRun] = []
    for index in 0..<(iterations * 5) {
        let unique = text.replacingOccurrences(of: "\"backup-name\": \"", with: "\"backup-name\": \"\(index) ")
            .replacingOccurrences(of: "\"backup-name\":\"", with: "\"backup-name\":\"\(index) ")
        guard case .run(let unique) = UploadParser.parse(body: Array(unique.utf8), contentType: nil, now: now) else {
            fatalError("variant \(index) of \(path) did not parse")
        }
        runs.append(unique)
    }
    var next = 0
    let commit = try await measureAsync(iterations: iterations) {
        _ = try await backups.ingest(runs[next], receivedAt: now)
        next += 1
    }
    await store.close()
    try? FileManager.default.removeItem(atPath: directory)

    let name = path == escapedVariant ? path : path.split(separator: "/").last.map(String.init) ?? path
    let total = decode + map + encode + commit
    print(
        "| \(name) | \(body.count) | \(format(decode)) | \(format(foundation)) | \(format(map)) | \(format(encode)) | \(format(commit)) | \(format(total)) |"
    )
}

/// `measure` for an asynchronous stage.
func measureAsync(rounds: Int = 5, iterations: Int, _ body: () async throws -> Void) async rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try await body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds * 1e6 / Double(iterations))
    }
    return samples.sorted()[rounds / 2]
}
