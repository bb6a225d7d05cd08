import FlatStore
import Foundation

/// What a crash image must recover to, from the trace up to the crash.
struct CrashExpectation {
    /// Every recovered store must hold at least this many batches (acknowledged and, per the
    /// fsync policy's promise, durable).
    var required: Int
    /// And at most this many (the batches whose write had begun).
    var attempted: Int
    /// The sidecar versions a crash may leave: the last one written before it, and any begun since
    /// (a write that failed or was cut short may or may not have taken effect).
    var sidecars: Set<Int?> = [nil]

    /// Reads the expectation off the first `count` events of a workload's trace.
    ///
    /// A batch is required once it was acknowledged and its write was followed by a sync of the
    /// same file: under `always` that is every acknowledged batch; under `everysec` and `none` the
    /// ones a flush (a second later, a rotation, a snapshot, a compaction) made durable.
    init(trace: ArraySlice<MemoryDisk.Event>) {
        var lastWrite: (index: Int, inode: Int)?
        var required = 0
        var synced: [Int: Int] = [:]  // inode → index of its last sync
        var acknowledged: [(batch: Int, write: (index: Int, inode: Int))] = []
        for (index, event) in zip(trace.indices, trace) {
            switch event {
            case .write(let inode, _, _): lastWrite = (index, inode)
            case .sync(let inode): synced[inode] = index
            case .acknowledged(let batch):
                if let lastWrite { acknowledged.append((batch, lastWrite)) }
            case .sidecarWriting(let version):
                sidecars.insert(version)
            case .sidecarWritten(let version):
                sidecars = [version]
            default: break
            }
        }
        for (batch, write) in acknowledged where (synced[write.inode] ?? -1) > write.index {
            required = max(required, batch)
        }
        self.required = required
        // Batches are written one at a time: the one after the last acknowledged may have begun.
        attempted = (acknowledged.last?.batch ?? 0) + 1
    }

    init(required: Int, attempted: Int) {
        self.required = required
        self.attempted = attempted
    }
}

/// Opens crash images and checks everything a recovered store must satisfy.
enum CrashCheck {
    /// Problems with recovering `image`; empty when it recovered correctly. `thorough` adds a
    /// `verify` after recovery and a second open of what recovery left durable.
    static func problems(
        image: [String: [UInt8]],
        workload: CrashWorkload,
        expectation: CrashExpectation,
        thorough: Bool
    ) -> [String] {
        let disk = MemoryDisk(files: image)
        let options = workload.options(disk)
        var problems: [String] = []
        let before: VerifyReport
        do {
            before = try FlatStore.verify(options)
        } catch {
            return ["verify failed: \(error)"]
        }
        let model = PersistenceModel(files: disk.files, inodes: disk.initialInodes)
        let store: FlatStore
        do {
            store = try FlatStore.open(options, schema: .notes)
        } catch {
            return ["open failed: \(error)"]
        }
        let recovered = contents(of: store, into: &problems)
        let statistics = store.statistics()
        store.closeBlocking()
        let batch = Int(recovered["counter"]?.time ?? 0)
        if batch < expectation.required {
            problems.append("batch \(expectation.required) was durable and acknowledged, the store ends at \(batch)")
        }
        if batch > expectation.attempted { problems.append("batch \(batch) recovered but never written") }
        if recovered != workload.expected(after: batch) {
            problems.append("state differs from exactly \(batch) whole batches: \(difference(recovered, workload.expected(after: batch)))")
        }
        if !statistics.recovery.missing.isEmpty { problems.append("open reports missing data: \(statistics.recovery.missing)") }
        if !before.missingRecords.isEmpty { problems.append("verify reports missing data: \(before.missingRecords)") }
        if !before.badSnapshots.isEmpty { problems.append("verify reports bad snapshots: \(before.badSnapshots)") }
        let sidecar = image[CrashWorkload.sidecar]
        let version = (1...workload.batches.count).first { sidecar == CrashWorkload.sidecarContents($0) }
        if sidecar != nil && version == nil || !expectation.sidecars.contains(version) {
            problems.append("sidecar is \(sidecar.map { "\($0.count) bytes" } ?? "missing"), expected one of \(expectation.sidecars)")
        }
        if before.records.filter({ $0.value > 0 }) != statistics.records {
            problems.append("verify counts \(before.records), open loaded \(statistics.records)")
        }
        guard thorough, problems.isEmpty else { return problems }
        do {
            let after = try FlatStore.verify(workload.options(disk))
            if !after.isClean { problems.append("verify after recovery: \(after.rendered())") }
        } catch {
            problems.append("verify after recovery failed: \(error)")
        }
        // What recovery showed must be durable once open returned: a crash right after it keeps it.
        var durable = model
        for event in disk.trace { durable.apply(event) }
        let quiet = durable.image(.nothingPending(durable))
        let again = MemoryDisk(files: quiet)
        do {
            let reopened = try FlatStore.open(workload.options(again), schema: .notes)
            var ignored: [String] = []
            let second = contents(of: reopened, into: &ignored)
            reopened.closeBlocking()
            if second != recovered {
                problems.append("a crash right after recovery loses what it recovered: \(difference(second, recovered))")
            }
        } catch {
            problems.append("reopen after recovery failed: \(error)")
        }
        return problems
    }

    /// Every note the store holds, with its body read back from disk.
    static func contents(of store: FlatStore, into problems: inout [String]) -> [String: Note] {
        let keys = store.read { view in view.all(Note.self) }
        var notes: [String: Note] = [:]
        for (key, summary) in keys {
            do {
                guard let note = try store.record(Note.self, key: key) else {
                    problems.append("\(key) indexed but not found")
                    continue
                }
                if note.group != summary.group || note.time != summary.time {
                    problems.append("\(key): index and body disagree")
                }
                notes[key] = note
            } catch {
                problems.append("\(key) indexed but unreadable: \(error)")
            }
        }
        let totals = store.read { $0.aggregate(GroupTotals.self) }
        var expected = GroupTotals()
        for note in notes.values {
            expected.count[note.group, default: 0] += 1
            expected.bytes[note.group, default: 0] += Int64(note.text.utf8.count)
        }
        if totals?.count.filter({ $0.value != 0 }) != expected.count {
            problems.append("aggregates disagree with the records")
        }
        var latest = GroupLatest()
        for note in notes.values {
            let group = latest.groups[note.group] ?? (0, .min)
            latest.groups[note.group] = (group.count + 1, max(group.latest, note.time))
        }
        if store.read({ $0.aggregate(GroupLatest.self) }) != latest {
            problems.append("partition aggregates disagree with the records")
        }
        return notes
    }

    static func difference(_ found: [String: Note], _ wanted: [String: Note]) -> String {
        let extra = Set(found.keys).subtracting(wanted.keys).sorted()
        let missing = Set(wanted.keys).subtracting(found.keys).sorted()
        let changed = Set(found.keys).intersection(wanted.keys).filter { found[$0] != wanted[$0] }.sorted()
        return "extra \(extra.prefix(5)), missing \(missing.prefix(5)), changed \(changed.prefix(5))"
    }
}
