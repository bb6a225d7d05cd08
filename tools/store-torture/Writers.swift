import Dispatch
import FlatStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs the concurrent writers (and optional compactions/snapshots) until the process is killed.
func runWriters(store: FlatStore) async throws {
    let writers = Int(option("writers", "8")) ?? 8
    let fillerBytes = Int(option("filler", "400")) ?? 400
    let compactEvery = Int(option("compact-every-ms", "0")) ?? 0
    let snapshotEvery = Int(option("snapshot-every-ms", "0")) ?? 0
    let limit = Int64(option("batches", "0")) ?? 0
    // Each writer resumes after the last batch that survived the previous crash.
    let resume = store.read { view in
        (0..<writers).map { view.summary(TortureCounter.self, key: "c\($0)") ?? 0 }
    }
    if compactEvery > 0 {
        startPeriodic(milliseconds: compactEvery) { _ = try? store.compactNow() }
    }
    if snapshotEvery > 0 {
        startPeriodic(milliseconds: snapshotEvery) { try? await store.snapshot() }
    }
    FileDescriptorOutput.standardOutput.write("ready\n")
    try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<writers {
            group.addTask {
                var number = resume[writer]
                while limit == 0 || number < resume[writer] + limit {
                    number += 1
                    try await store.write(tortureBatch(writer: writer, number: number, fillerBytes: fillerBytes))
                    FileDescriptorOutput.standardOutput.write("ack \(writer) \(number)\n")
                }
            }
        }
        try await group.waitForAll()
    }
    await store.close()
}

private func startPeriodic(milliseconds: Int, _ body: @escaping @Sendable () async -> Void) {
    Task.detached {
        while true {
            try? await Task.sleep(for: .milliseconds(milliseconds))
            await body()
        }
    }
}

/// Unbuffered output: each line is one `write(2)`, so a kill never leaves a half-reported ack.
struct FileDescriptorOutput: Sendable {
    static let standardOutput = FileDescriptorOutput(fd: 1)
    static let standardError = FileDescriptorOutput(fd: 2)

    let fd: Int32

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
