import FlatStore
import Foundation
import Synchronization
import XCTest

/// Simulated power cuts at every flush point beneath the store: each image must recover to a
/// prefix of the acknowledged writes with no hole.
final class PowerLossTests: XCTestCase {
    func testEveryFlushPointRecoversANoHolePrefix() async throws {
        let writers = 2
        let target = 10_000
        // Group commit decides how many flush points a workload has, so write until enough cuts were tried.
        let maximumBatchesPerWriter: Int64 = 2_000
        let variantsPerFlush = Int(ProcessInfo.processInfo.environment["FLATSTORE_POWER_VARIANTS"] ?? "") ?? 24
        let disk = SimulatedDisk()
        let acked = SharedValue<[Int: Int64]>([:])
        let tally = SharedValue((crashes: 0, problems: [String]()))
        disk.onFlush = { disk in
            var random = SystemRandomNumberGenerator()
            let ackedNow = acked.withLock { $0 }
            for variant in 0..<variantsPerFlush {
                let cut = SimulatedDisk.Cut.allCases[variant % SimulatedDisk.Cut.allCases.count]
                let image = disk.crashImage(cut, random: &random)
                var options = StoreOptions(directory: "simulated")
                options.fileSystem = SimulatedDisk(files: image)
                options.backgroundMaintenance = false
                options.snapshotOnClose = false
                options.logger.logLevel = .critical
                do {
                    let store = try FlatStore.open(options, schema: .notes)
                    let problems = PrefixWorkload.problems(in: store, acked: ackedNow)
                    store.closeBlocking()
                    tally.withLock {
                        $0.crashes += 1
                        $0.problems += problems.map { "\(cut): \($0)" }
                    }
                } catch {
                    tally.withLock { $0.problems.append("\(cut): open failed: \(error)") }
                }
            }
        }
        var options = StoreOptions(directory: "simulated")
        options.fileSystem = disk
        options.fsync = .always
        options.segmentMaxBytes = 16 << 10
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
                    }
                }
            }
            try await group.waitForAll()
        }
        await store.close()
        let (crashes, problems) = tally.withLock { ($0.crashes, $0.problems) }
        print("simulated power cuts: \(crashes), problems: \(problems.count)")
        XCTAssertEqual(problems.prefix(10), [])
        XCTAssertGreaterThanOrEqual(crashes, target)
    }
}
