import Logging

/// What a scrub found.
public struct ScrubReport: Sendable {
    /// Bytes re-read.
    public var bytes: UInt64 = 0
    /// Damaged spans found that were not known before.
    public var damaged: [QuarantinedSpan] = []
    /// Records whose current line was damaged and that were set aside (`collection/key`).
    public var recordsSetAside: [String] = []
}

extension FlatStore {
    /// Whether the maintenance thread should scrub now: once after an open that loaded a snapshot
    /// (it never read the lines the snapshot covers), then every `scrubInterval`.
    var scrubIsDue: Bool {
        status.withLock { status in
            if status.scrubDue { return true }
            guard let interval = options.scrubInterval, let last = status.lastScrub else { return false }
            return ContinuousClock.now - last >= .milliseconds(Int(interval * 1000))
        }
    }

    /// Re-reads every durable line of the live files and checks it, so that damage (bit rot) in a
    /// part of the log that no open, read or compaction has looked at is found and reported: its
    /// lines are quarantined and any record whose current line it hit is set aside.
    @discardableResult
    public func scrub() throws -> ScrubReport {
        try maintenance.exclusively {
            var report = ScrubReport()
            let (active, durable) = committer.segment.withLock { ($0.number, $0.durableSize) }
            let replay = LogReplay(fileSystem: fileSystem)
            var spans: [DamagedSpan] = []
            for file in DataDirectory(try fileSystem.listFiles()).liveFiles {
                // Everything checked was durable, so any damage is damage, not a write in progress.
                let outcome = try replay.replay(
                    file,
                    from: 0,
                    isNewest: false,
                    limit: file == .log(active) ? durable : nil,
                    into: nil
                )
                report.bytes += outcome.bytes
                spans += outcome.damaged + outcome.trailing
            }
            // Damage open already quarantined is known; a scrub reports only what is new.
            let known = status.withLock { Set($0.quarantine.known.map { [$0.file, "\($0.offset)", "\($0.length)"] }) }
            spans.removeAll { known.contains([$0.span.file, "\($0.span.offset)", "\($0.span.length)"]) }
            if !spans.isEmpty {
                var hit: [(collection: String, key: String, location: RecordLocation)] = []
                state.withLock { state in
                    for collection in state.collections.values {
                        collection.forEachLocation { key, location in
                            if spans.contains(where: { $0.span.contains(location) }) {
                                hit.append((collection.name, key, location))
                            }
                        }
                    }
                }
                status.withLock { status in
                    do {
                        report.damaged = try status.quarantine.record(
                            spans.map { span, bytes in
                                var span = span
                                span.reason += " (found by scrub)"
                                return (span, bytes)
                            }
                        )
                    } catch {
                        options.logger.error("could not write quarantine.jsonl", metadata: ["error": "\(error)"])
                    }
                }
                if !hit.isEmpty { setAside(hit, reason: "checksum mismatch (found by scrub)") }
                report.recordsSetAside = hit.map { "\($0.collection)/\($0.key)" }
                for span in report.damaged {
                    options.logger.error(
                        "scrub found damaged data",
                        metadata: ["file": "\(span.file)", "offset": "\(span.offset)", "reason": "\(span.reason)"]
                    )
                }
            }
            status.withLock { status in
                status.scrubDue = false
                status.lastScrub = .now
            }
            return report
        }
    }
}

extension QuarantinedSpan {
    /// Whether the line at `location` lies within this span.
    func contains(_ location: RecordLocation) -> Bool {
        file == location.file.name && location.offset < offset + length && offset < location.offset + UInt64(location.length)
    }
}
