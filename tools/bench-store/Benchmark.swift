import FlatStore
import Foundation
import Synchronization

/// What one benchmark run measures.
struct BenchConfig {
    var records: Int
    var perLevel: Int
    var levels: [Int]
    var directory: String
    var bodyBytes: Int
    var sqlite: Bool
}

/// Durable-append throughput per concurrency level, bulk load, open time and RSS, beside SQLite.
struct Benchmark {
    let config: BenchConfig

    func run() async throws {
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: config.directory)
        try fileManager.createDirectory(atPath: config.directory, withIntermediateDirectories: true)
        let records = BenchRecords(count: config.records, bodyBytes: config.bodyBytes)
        let sample = try JSONEncoder().encode(records.record(0))
        print("records: \(config.records) of ~\(sample.count) bytes; durable appends per level: \(config.perLevel)")

        var levels: [[String: Any]] = []
        for concurrency in config.levels {
            let result = try await appendLevel(concurrency: concurrency, records: records)
            levels.append(result)
            print(
                String(
                    format: "flatstore  c=%-3d %8.0f records/s  p50 %6.2f ms  p99 %6.2f ms",
                    concurrency,
                    result["per_second"] as! Double,
                    result["p50_ms"] as! Double,
                    result["p99_ms"] as! Double
                )
            )
        }

        let full = config.directory + "/flat-full"
        let load = try await bulkLoad(records: records, directory: full)
        print(String(format: "flatstore  bulk load %d records: %.0f records/s (batches of 256, durable)", config.records, load))
        let withSnapshot = try probe(full)
        let snapshots = try fileManager.contentsOfDirectory(atPath: full).filter { $0.hasPrefix("snapshot-") }
        for name in snapshots { try fileManager.moveItem(atPath: full + "/" + name, toPath: config.directory + "/" + name) }
        let withoutSnapshot = try probe(full)
        let bytes = try directoryBytes(full)
        print("flatstore  open with snapshot: \(withSnapshot["open_ms"]!) ms, RSS \(withSnapshot["rss_mb"]!) MB")
        print(
            "flatstore  open by log replay: \(withoutSnapshot["open_ms"]!) ms (\(withoutSnapshot["replay_mb_s"]!) MB/s), RSS \(withoutSnapshot["rss_mb"]!) MB"
        )
        print("flatstore  data directory: \(bytes) bytes")

        var sqlite: [String: Any] = [:]
        if config.sqlite { sqlite = try runSQLite(records: records) }
        if let sqliteLevels = sqlite["levels"] as? [[String: Any]] {
            for level in sqliteLevels {
                let concurrency = level["concurrency"] as? Int ?? 0
                let ours = levels.first { ($0["concurrency"] as? Int) == concurrency }?["per_second"] as? Double ?? 0
                let theirs = level["per_second"] as? Double ?? 0
                print(
                    String(
                        format: "sqlite     c=%-3d %8.0f records/s  p50 %6.2f ms  p99 %6.2f ms   flatstore/sqlite = %.1fx",
                        concurrency,
                        theirs,
                        level["p50_ms"] as? Double ?? 0,
                        level["p99_ms"] as? Double ?? 0,
                        theirs > 0 ? ours / theirs : 0
                    )
                )
            }
            print(
                "sqlite     open + dashboard query at \(config.perLevel) records: \(sqlite["open_s"] ?? "?") s; file \(sqlite["db_bytes"] ?? "?") bytes"
            )
        }
        let summary: [String: Any] = [
            "records": config.records, "levels": levels, "bulk_per_second": load, "open_snapshot": withSnapshot,
            "open_replay": withoutSnapshot, "data_bytes": bytes, "sqlite": sqlite,
        ]
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    private func appendLevel(concurrency: Int, records: BenchRecords) async throws -> [String: Any] {
        let directory = config.directory + "/flat-c\(concurrency)"
        var options = StoreOptions(directory: directory)
        options.fsync = .always
        options.logger.logLevel = .warning
        let store = try FlatStore.open(options, schema: BenchRun.schema)
        let next = SharedCounter()
        let total = config.perLevel
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while true {
                        let index = next.take(1)
                        guard index < total else { break }
                        let record = records.record(index)
                        let begin = ContinuousClock.now
                        try await store.put(record)
                        mine.append((ContinuousClock.now - begin).milliseconds)
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
        return [
            "concurrency": concurrency, "records": total, "seconds": seconds, "per_second": Double(total) / seconds,
            "p50_ms": latencies[latencies.count / 2], "p99_ms": latencies[min(latencies.count - 1, latencies.count * 99 / 100)],
        ]
    }

    private func bulkLoad(records: BenchRecords, directory: String) async throws -> Double {
        var options = StoreOptions(directory: directory)
        options.fsync = .always
        options.logger.logLevel = .warning
        let store = try FlatStore.open(options, schema: BenchRun.schema)
        let next = SharedCounter()
        let total = config.records
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while true {
                        let start = next.take(256)
                        guard start < total else { break }
                        var batch = WriteBatch()
                        for index in start..<min(start + 256, total) { try batch.put(records.record(index)) }
                        try await store.write(batch)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        await store.close()
        return Double(total) / seconds
    }

    private func probe(_ directory: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["open", "--dir", directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    private func directoryBytes(_ path: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: path).reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0
            return total + size
        }
    }

    private func runSQLite(records: BenchRecords) throws -> [String: Any] {
        let file = config.directory + "/records.jsonl"
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for index in 0..<config.perLevel {
            let record = records.record(index)
            let body = String(decoding: try encoder.encode(record), as: UTF8.self)
            let line: [String: Any] = [
                "key": record.id, "serverId": record.serverId, "serverName": record.serverName,
                "backupName": record.backupName, "beginTime": record.beginTime, "endTime": record.endTime,
                "status": record.status, "fileCount": record.fileCount, "fileSize": record.fileSize,
                "uploadedSize": record.uploadedSize, "storageSize": record.storageSize,
                "durationSeconds": record.durationSeconds, "versions": record.versions, "warnings": record.warnings,
                "errors": record.errors, "messages": record.messages.count, "body": body,
            ]
            handle.write(try JSONSerialization.data(withJSONObject: line))
            handle.write(Data([0x0A]))
        }
        try handle.close()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sqlite_baseline.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, "--records", file, "--workdir", config.directory,
            "--concurrency", config.levels.map(String.init).joined(separator: ","),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "{}"
        return (try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]) ?? [:]
    }
}

/// The child-process side: open the store cold in a fresh process and report time and memory.
enum OpenProbe {
    static func run(directory: String) throws -> String {
        var options = StoreOptions(directory: directory)
        options.backgroundMaintenance = false
        options.snapshotOnClose = false
        options.logger.logLevel = .warning
        let started = ContinuousClock.now
        let store = try FlatStore.open(options, schema: BenchRun.schema)
        let milliseconds = (ContinuousClock.now - started).milliseconds
        let statistics = store.statistics()
        let rss = residentMegabytes()
        let replayed = Double(statistics.recovery.replayedBytes) / 1_048_576
        store.closeBlocking()
        let result: [String: Any] = [
            "open_ms": (milliseconds * 10).rounded() / 10, "rss_mb": rss, "records": statistics.totalRecords,
            "replayed_mb": (replayed * 10).rounded() / 10,
            "replay_mb_s": milliseconds > 0 ? (replayed / (milliseconds / 1000)).rounded() : 0,
            "snapshot": statistics.recovery.snapshot ?? "none",
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self)
    }

    /// VmRSS of this process, in MB.
    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return (kilobytes / 1024 * 10).rounded() / 10
    }
}

/// A counter that tasks share to hand out work.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Returns the current value and advances it by `count`.
    func take(_ count: Int) -> Int { value.add(count, ordering: .relaxed).oldValue }
}
