import FlatStore
import Foundation
import XCTest

/// EIO at the n-th call of every kind of file-system call (create, write, sync, truncate, rename,
/// remove, directory sync, list, read), and ENOSPC at the n-th write, for every n the workload
/// reaches, in all three fsync modes: the store refuses what it cannot make durable, keeps going
/// where it can (a failed snapshot, compaction or delete; a full disk's refusal of the log's blank
/// space), and after the process restarts — or the power fails — holds exactly what it
/// acknowledged (per the mode's promise), whole batches only, every body readable.
///
/// `FLATSTORE_FAULT_STRIDE` (default 1) tries every n; a larger stride samples them.
final class FaultInjectionTests: XCTestCase {
    func testAFailureAtAnyCallLosesNothingAcknowledged() async throws {
        let stride = Int(ProcessInfo.processInfo.environment["FLATSTORE_FAULT_STRIDE"] ?? "") ?? 1
        var faults = 0
        var problems: [String] = []
        for (index, mode) in FsyncPolicy.allCases.enumerated() {
            let workload = CrashWorkload(
                name: "faults (\(mode))",
                fsync: mode,
                batchCount: 40,
                snapshotEvery: 4,
                compactEvery: 9,
                seed: 41 + UInt64(index)
            )
            let clean = MemoryDisk()
            let completed = await workload.run(on: clean)
            for (call, total) in clean.callCounts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for code in call == .write ? [Errno.io, Errno.noSpace] : [Errno.io] {
                    for number in Swift.stride(from: 1, through: total, by: stride) {
                        faults += 1
                        let found = await Self.problems(workload, failing: call, at: number, code: code, completed: completed)
                        problems += found.map { "\(mode), \(call) #\(number) (\(Errno.describe(code))): \($0)" }
                    }
                }
            }
        }
        print("fault injection: \(faults) faults injected, problems: \(problems.count)")
        XCTAssertEqual(Array(problems.prefix(10)), [])
        XCTAssertGreaterThan(faults, 1000)
    }

    /// Runs the workload with one fault, then checks a restart and a power cut.
    private static func problems(
        _ workload: CrashWorkload,
        failing call: MemoryDisk.Call,
        at number: Int,
        code: Int32,
        completed: Int
    ) async -> [String] {
        let disk = MemoryDisk()
        disk.failCall(call, number: number, code: code)
        let acknowledged = await workload.run(on: disk)
        var problems: [String] = []
        // A full disk that refused only a log's blank space refused nothing written.
        if code == Errno.noSpace, disk.failedWriteWasBlank, acknowledged != completed {
            problems.append("a refused step of blank space stopped writes after batch \(acknowledged) of \(completed)")
        }

        // A restart without a power cut sees every byte written: it must hold exactly what was
        // acknowledged — a batch refused because its write or flush failed must not come back.
        let restart = MemoryDisk(files: disk.files)
        do {
            let store = try FlatStore.open(workload.options(restart), schema: .notes)
            let recovered = CrashCheck.contents(of: store, into: &problems)
            let statistics = store.statistics()
            store.closeBlocking()
            let batch = Int(recovered["counter"]?.time ?? 0)
            if batch != acknowledged { problems.append("restart holds \(batch) batches, \(acknowledged) were acknowledged") }
            if recovered != workload.expected(after: batch) {
                problems.append("restart: \(CrashCheck.difference(recovered, workload.expected(after: batch)))")
            }
            if !statistics.recovery.missing.isEmpty { problems.append("restart reports missing data: \(statistics.recovery.missing)") }
            let verify = try FlatStore.verify(workload.options(restart))
            if !verify.isClean { problems.append("verify after restart: \(verify.rendered())") }
        } catch {
            problems.append("restart failed: \(error)")
        }

        // A power cut keeps only what was synced.
        var model = PersistenceModel(files: [:], inodes: [:])
        for event in disk.trace { model.apply(event) }
        problems += CrashCheck.problems(
            image: model.image(.nothingPending(model)),
            workload: workload,
            expectation: CrashExpectation(trace: disk.trace[...]),
            thorough: false
        ).map { "power cut: \($0)" }
        return problems
    }
}
