import Logging

extension FlatStore {
    /// Takes records whose current line turned out damaged (a read, the scrub or a compaction found
    /// it) out of the indexes, quarantines the lines, and records them for the health report.
    ///
    /// Their data is gone from the store — the damaged bytes are kept in `quarantine.jsonl` — and
    /// saying so beats serving an error forever or letting a compaction fail on them again and again.
    func setAside(_ records: [(collection: String, key: String, location: RecordLocation)], reason: String) {
        var spans: [DamagedSpan] = []
        for record in records {
            let span = QuarantinedSpan(
                file: record.location.file.name,
                offset: record.location.offset,
                length: UInt64(record.location.length),
                reason: "\(reason); record \(record.collection)/\(record.key)"
            )
            let bytes = (try? files.raw(at: record.location)) ?? []
            spans.append((span, bytes))
        }
        let removed = state.withLock { state in
            records.filter { record in
                let collection = state.collection(named: record.collection)
                guard collection.location(of: record.key) == record.location else { return false }
                collection.applyDelete(key: record.key)
                state.deadBytes += UInt64(record.location.length)
                return true
            }
        }
        status.withLock { status in
            do {
                _ = try status.quarantine.record(spans)
            } catch {
                options.logger.error("could not write quarantine.jsonl", metadata: ["error": "\(error)"])
            }
            status.damagedRecords += removed.map { "\($0.collection)/\($0.key)" }
        }
        for record in removed {
            options.logger.error(
                "damaged record set aside",
                metadata: [
                    "record": "\(record.collection)/\(record.key)", "file": "\(record.location.file.name)",
                    "offset": "\(record.location.offset)",
                ]
            )
        }
    }
}
