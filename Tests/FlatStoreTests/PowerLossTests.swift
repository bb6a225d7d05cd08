import FlatStore
import Foundation
import Synchronization
import XCTest

/// Simulated power cuts at every flush point beneath two concurrent writers (so commit groups
/// carry several batches), with snapshots and compactions: every image the weak persistence model
/// allows — and images whose lost tail is garbage rather than zeros — recovers to a prefix of each
/// writer's acknowledged batches with no hole.
final class PowerLossTests: XCTestCase {
    func testEveryFlushPointRecoversANoHolePrefix() async throws {
        let writers = 2
        let target = Int(ProcessInfo.processInfo.environment["FLATSTORE_POWER_CUTS"] ?? "") ?? 10_000
        // Group commit decides how many flush points a workload has, so write until enough cuts were tried.
        let maximumBatchesPerWriter = Int64(max(2_000, target / 4))
        let variantsPerFlush = Int(ProcessInfo.processInfo.environment["FLATSTORE_POWER_VARIANTS"] ?? "") ?? 24
        let disk = MemoryDisk()
        let acked = SharedValue<[Int: Int64]>([:])
        let tally = SharedValue((crashes: 0, problems: [String]()))
        let model = Mutex((model: PersistenceModel(files: [:], inodes: [:]), applied: 0))
        disk.onEvent = { disk, event in
            switch event {
            case .sync, .syncDirectory: break
            default: return
            }
            let ackedNow = acked.withLock { $0 }
            let images: [[String: [UInt8]]] = model.withLock { state in
                let trace = disk.trace
                for event in trace[state.applied...] { state.model.apply(event) }
                state.applied = trace.count
                var random = SystemRandomNumberGenerator()
                return state.model.choices(count: variantsPerFlush, random: &random).enumerated().map { index, choice in
                    var image = state.model.image(choice)
                    if index % 4 == 3 {
                        // A torn sector can read back as garbage instead of zeros.
                        for name in image.keys where name.hasPrefix("log-") {
                            image[name]? += (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                        }
                    }
                    return image
                }
            }
            for image in images {
                var options = StoreOptions(directory: "simulated")
                options.fileSystem = MemoryDisk(files: image)
                options.backgroundMaintenance = false
                options.snapshotOnClose = false
                options.logger.logLevel = .critical
                do {
                    let store = try FlatStore.open(options, schema: .notes)
                    let problems = PrefixWorkload.problems(in: store, acked: ackedNow)
                    store.closeBlocking()
                    tally.withLock {
                        $0.crashes += 1
                        $0.problems += problems
                    }
                } catch {
                    tally.withLock { $0.problems.append("open failed: \(error)") }
                }
            }
        }
        var options = StoreOptions(directory: "simulated")
        options.fileSystem = disk
        options.fsync = .always
        options.segmentMaxBytes = 16 << 10
        options.logGrowthBytes = 4 << 10
        options.backgroundMaintenance = false
        options.supersededRetention = 0
        options.logger.logLevel = .critical
        let store = try FlatStore.open(options, schema: .notes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for number in 1...maximumBatchesPerWriter {
                        if tally.withLock({ $0.crashes }) >= target { break }
                        try await store.write(PrefixWorkload.batch(writer: writer, number: number))
                        acked.withLock { $0[writer] = number }
                        if writer == 0, number % 60 == 0 { _ = try await store.compact() }
                        if writer == 1, number % 45 == 0 { try await store.snapshot() }
                        if writer == 2, number % 25 == 0 { _ = try await store.compress() }
                    }
                }
            }
            try await group.waitForAll()
        }
        disk.onEvent = nil
        await store.close()
        let (crashes, problems) = tally.withLock { ($0.crashes, $0.problems) }
        print("simulated power cuts: \(crashes), problems: \(problems.count)")
        XCTAssertEqual(problems.prefix(10), [])
        XCTAssertGreaterThanOrEqual(crashes, target)
    }
}
