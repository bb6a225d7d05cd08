import FlatStore
import FoundationEssentials

/// The outcome of `store-torture check`.
struct CheckResult {
    var ok: Bool
    var problems: [String]
    var records: Int
    var acked: Int

    var json: String {
        let list = problems.prefix(20).map { "\"" + $0.split(separator: "\"").joined(separator: "'") + "\"" }
        return "{\"ok\":\(ok),\"records\":\(records),\"acked\":\(acked),\"problems\":[\(list.joined(separator: ","))]}"
    }
}

/// Recovers the store and checks the no-hole prefix rule writer by writer, and that every
/// acknowledged batch survived.
func checkStore(options: StoreOptions, acksFile: String) throws -> CheckResult {
    var options = options
    options.backgroundMaintenance = false
    options.snapshotOnClose = false
    let store = try FlatStore.open(options, schema: .torture)
    defer { store.closeBlocking() }
    var acked: [Int: Int64] = [:]
    var ackCount = 0
    if !acksFile.isEmpty, let data = try? Data(contentsOf: URL(fileURLWithPath: acksFile)) {
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let writer = Int(parts[1]), let number = Int64(parts[2]) else {
                continue
            }
            acked[writer] = max(acked[writer] ?? 0, number)
            ackCount += 1
        }
    }
    let (records, counters) = store.read { view in
        (view.all(TortureRecord.self).map { ($0.key, $0.summary) }, view.all(TortureCounter.self).map { ($0.key, $0.summary) })
    }
    var problems: [String] = []
    var last: [Int: Int64] = [:]
    for (key, number) in counters {
        guard let writer = Int(key.dropFirst()) else { continue }
        last[writer] = number
    }
    for (writer, number) in acked where (last[writer] ?? 0) < number {
        problems.append("writer \(writer): batch \(number) was acknowledged but the store ends at \(last[writer] ?? 0)")
    }
    var present: [Int: Set<Int64>] = [:]
    for (key, number) in records {
        let writer = Int(key.dropFirst().split(separator: "-")[0]) ?? -1
        present[writer, default: []].insert(number)
        if !tortureRecordExpected(number, last: last[writer] ?? 0) {
            problems.append("writer \(writer): record \(number) is present but should not be (counter \(last[writer] ?? 0))")
        }
    }
    for (writer, m) in last {
        let have = present[writer] ?? []
        let missing = (1...max(m, 1)).filter { tortureRecordExpected($0, last: m) && !have.contains($0) }
        if !missing.isEmpty {
            problems.append("writer \(writer): \(missing.count) record(s) missing below counter \(m), first \(missing[0])")
        }
    }
    // Bodies the index points to must be readable from disk, not just present in the index: the
    // newest record of each writer and a random sample of the rest (the store grows each round).
    let newest = Set(last.map { TortureRecord.key(writer: $0.key, number: $0.value) })
    for (key, _) in records where newest.contains(key) || Int.random(in: 0..<max(1, records.count / 2000)) == 0 {
        do {
            _ = try store.record(TortureRecord.self, key: key)
        } catch {
            problems.append("record \(key) is indexed but unreadable: \(error)")
        }
    }
    let stats = store.statistics()
    problems += stats.recovery.missing
    return CheckResult(ok: problems.isEmpty, problems: problems, records: records.count, acked: ackCount)
}
