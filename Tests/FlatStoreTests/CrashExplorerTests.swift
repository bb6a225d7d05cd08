import FlatStore
import Foundation
import XCTest

/// An ALICE-style crash-state explorer: every file-system operation a workload makes is recorded,
/// and at every point of the trace the crash states a weak persistence model allows
/// (`PersistenceModel`: any subset of un-synced 512-byte units per file, un-synced directory
/// changes in any subset) are opened and checked (`CrashCheck`): every acknowledged and durable
/// batch present, batches whole, no deleted record back, every indexed body readable, `verify`
/// agreeing with open, and what recovery shows durable once open returns. A sample of the states
/// is crashed again at every step of its own recovery.
///
/// `FLATSTORE_CRASH_VARIANTS` (default 12) sets the states tried per point and
/// `FLATSTORE_CRASH_SCALE` (default 1) multiplies the workloads' length; the long run raises both.
final class CrashExplorerTests: XCTestCase {
    private static let scale = Int(ProcessInfo.processInfo.environment["FLATSTORE_CRASH_SCALE"] ?? "") ?? 1

    private static let workloads: [CrashWorkload] = FsyncPolicy.allCases.enumerated().flatMap { index, mode in
        [
            CrashWorkload(
                name: "append, rotate, snapshot, compact, delete superseded (\(mode))",
                fsync: mode,
                batchCount: 70 * scale,
                snapshotEvery: 5,
                compactEvery: 11,
                seed: 11 + UInt64(index)
            ),
            CrashWorkload(
                name: "incremental snapshots (\(mode))",
                fsync: mode,
                batchCount: 40 * scale,
                snapshotEvery: 2,
                compactEvery: 0,
                seed: 23 + UInt64(index)
            ),
        ]
    }

    func testEveryCrashStateRecovers() async throws {
        let variants = Int(ProcessInfo.processInfo.environment["FLATSTORE_CRASH_VARIANTS"] ?? "") ?? 12
        var random = SeededRandom(seed: 2026)
        var states = 0
        var secondCrashes = 0
        var problems: [String] = []
        for workload in Self.workloads {
            let disk = MemoryDisk()
            let acknowledged = await workload.run(on: disk)
            XCTAssertEqual(acknowledged, workload.batches.count, workload.name)
            let trace = disk.trace
            if ProcessInfo.processInfo.environment["FLATSTORE_CRASH_DEBUG"] != nil {
                print("\(workload.name): \(trace.count) events, \(disk.files.keys.sorted())")
            }
            var model = PersistenceModel(files: [:], inodes: [:])
            var seen = Set<Int>()
            for point in 0...trace.count {
                if point > 0 { model.apply(trace[point - 1]) }
                let expectation = CrashExpectation(trace: trace[..<point])
                for choice in model.choices(count: variants, random: &random) {
                    let image = model.image(choice)
                    guard seen.insert(Self.fingerprint(image)).inserted else { continue }
                    states += 1
                    let found = CrashCheck.problems(
                        image: image,
                        workload: workload,
                        expectation: expectation,
                        thorough: states % 3 == 0
                    )
                    problems += found.map { "\(workload.name), event \(point): \($0)" }
                    if states % 10 == 0 {
                        let (count, again) = Self.crashDuringRecovery(of: image, workload, expectation, &random)
                        secondCrashes += count
                        problems += again.map { "\(workload.name), event \(point), crash in recovery: \($0)" }
                    }
                }
                if point % 6 == 0 {
                    let (count, again) = Self.killThenCrashDuringRecovery(model, workload, trace[..<point], &random)
                    secondCrashes += count
                    problems += again.map { "\(workload.name), event \(point), killed, then a crash in recovery: \($0)" }
                }
            }
        }
        print("crash explorer: \(states) crash states, \(secondCrashes) crashes during recovery, problems: \(problems.count)")
        XCTAssertEqual(Array(problems.prefix(10)), [])
        if variants >= 12 { XCTAssertGreaterThanOrEqual(states + secondCrashes, 10_000) }
    }

    /// Recovers `image` once while recording, then crashes at every step of that recovery.
    private static func crashDuringRecovery(
        of image: [String: [UInt8]],
        _ workload: CrashWorkload,
        _ expectation: CrashExpectation,
        _ random: inout SeededRandom
    ) -> (states: Int, problems: [String]) {
        let disk = MemoryDisk(files: image)
        guard let store = try? FlatStore.open(workload.options(disk), schema: .notes) else { return (0, []) }
        let recovery = disk.trace
        store.closeBlocking()
        var model = PersistenceModel(files: image, inodes: disk.initialInodes)
        var states = 0
        var problems: [String] = []
        for event in recovery {
            model.apply(event)
            for choice in model.choices(count: 4, random: &random) {
                states += 1
                problems += CrashCheck.problems(image: model.image(choice), workload: workload, expectation: expectation, thorough: false)
            }
        }
        return (states, problems)
    }

    /// The process is killed at this point (the page cache keeps everything written), restarts and
    /// recovers, and the power fails at every step of that recovery — or right after it, when
    /// everything the restarted store showed must still be there.
    private static func killThenCrashDuringRecovery(
        _ model: PersistenceModel,
        _ workload: CrashWorkload,
        _ trace: ArraySlice<MemoryDisk.Event>,
        _ random: inout SeededRandom
    ) -> (states: Int, problems: [String]) {
        let (files, inodes) = model.current
        let disk = MemoryDisk(files: files, inodes: inodes)
        let expectation = CrashExpectation(trace: trace)
        var problems: [String] = []
        guard let store = try? FlatStore.open(workload.options(disk), schema: .notes) else { return (0, ["open after a kill failed"]) }
        let recovery = disk.trace
        let shown = CrashCheck.contents(of: store, into: &problems)
        store.closeBlocking()
        let acknowledged = trace.reduce(0) { last, event in
            if case .acknowledged(let batch) = event { return batch }
            return last
        }
        let batch = Int(shown["counter"]?.time ?? 0)
        if batch < acknowledged { problems.append("after a kill the store ends at \(batch), batch \(acknowledged) was acknowledged") }
        if shown != workload.expected(after: batch) {
            problems.append("after a kill: \(CrashCheck.difference(shown, workload.expected(after: batch)))")
        }
        var crashed = model
        var states = 0
        for event in recovery {
            crashed.apply(event)
            for choice in crashed.choices(count: 4, random: &random) {
                states += 1
                problems += CrashCheck.problems(image: crashed.image(choice), workload: workload, expectation: expectation, thorough: false)
            }
        }
        let quiet = crashed.image(.nothingPending(crashed))
        var ignored: [String] = []
        if let reopened = try? FlatStore.open(workload.options(MemoryDisk(files: quiet)), schema: .notes) {
            let again = CrashCheck.contents(of: reopened, into: &ignored)
            reopened.closeBlocking()
            if again != shown { problems.append("a power cut right after recovery loses what it showed: \(CrashCheck.difference(again, shown))") }
        } else {
            problems.append("reopen after recovery failed")
        }
        return (states + 1, problems)
    }

    private static func fingerprint(_ image: [String: [UInt8]]) -> Int {
        var hasher = Hasher()
        for (name, bytes) in image.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(bytes)
        }
        return hasher.finalize()
    }
}
