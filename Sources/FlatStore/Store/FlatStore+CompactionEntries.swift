/// A live record a compaction copies into its new base.
struct CompactionEntry {
    /// The offset `writeBase` gives an entry whose line it could not copy (found damaged).
    static let notCopied = UInt64.max

    var collection: String
    var key: String
    /// Where its line was when the scan saw it.
    var location: RecordLocation
    /// Where its collection keeps it (`CollectionIndexing.relocate`).
    var place: Int
}

/// Which of a compaction's chunked steps a hold of the state lock belonged to.
enum CompactionHold: Sendable, Equatable {
    /// Finding the live records of the files it replaces.
    case scan
    /// Pointing them at their copies in the new base.
    case relocation
}

/// The longest a compaction kept others waiting, for its log line: what `recordsPerLockHold` and
/// `StoreOptions.compactionFlushBytes` bound.
struct CompactionPauses {
    /// The longest single hold of the state lock, which reads and commits wait for.
    var lockHold = Duration.zero
    /// The longest single flush of the base, which the commits' flushes may wait behind.
    var flush = Duration.zero
}

extension FlatStore {
    /// How many records a compaction scans, or switches to their new lines, per hold of the state
    /// lock that every read and commit needs. Holding it for the whole store stopped uploads for
    /// 0.3 s twice at a million runs; a chunk takes a few milliseconds.
    static var recordsPerLockHold: Int { 8192 }

    /// The live records whose lines are in the files a compaction replaces (the base and the logs
    /// up to `covered`), read a chunk of a collection per hold of the state lock.
    ///
    /// Writes go on between chunks, and all of them go to logs after `covered`: a record can leave
    /// those files (overwritten, deleted, or set aside as damaged) but none enters them. A record
    /// the scan misses for that reason has a newer line after `covered`, which the new base does
    /// not replace and its snapshot replays, or is in quarantine.
    func liveEntries(coveredBy covered: UInt32, pauses: inout CompactionPauses) -> [CompactionEntry] {
        let (names, records) = state.withLock { state in
            (Array(state.collections.keys), state.collections.values.reduce(0) { $0 + $1.count })
        }
        // Room for every record up front: the list growing inside a hold copied all of it there.
        var entries: [CompactionEntry] = []
        entries.reserveCapacity(records)
        for name in names {
            var cursor: Int? = 0
            while let from = cursor {
                cursor = withStateLock(noting: &pauses) { state in
                    let collection = state.collection(named: name)
                    return collection.scanLocations(from: from, limit: Self.recordsPerLockHold) { key, location, place in
                        guard location.file.isBase || location.file.number <= covered else { return }
                        entries.append(CompactionEntry(collection: name, key: key, location: location, place: place))
                    }
                }
                options.betweenCompactionHolds?(.scan)
            }
        }
        return entries
    }

    /// Points each entry still at its scanned line to its copy at `offsets` in `target`, a chunk per
    /// hold of the state lock: until a record is switched its old line is still there to read.
    func relocate(_ entries: [CompactionEntry], to target: FileID, offsets: [UInt64], pauses: inout CompactionPauses) {
        for start in stride(from: 0, to: entries.count, by: Self.recordsPerLockHold) {
            withStateLock(noting: &pauses) { state in
                for index in start..<min(start + Self.recordsPerLockHold, entries.count)
                where offsets[index] != CompactionEntry.notCopied {
                    let entry = entries[index]
                    var to = entry.location
                    to.file = target
                    to.offset = offsets[index]
                    state.collection(named: entry.collection).relocate(key: entry.key, place: entry.place, from: entry.location, to: to)
                }
            }
            options.betweenCompactionHolds?(.relocation)
        }
    }

    /// Runs `body` holding the state lock and notes how long it held it.
    private func withStateLock<Result>(noting pauses: inout CompactionPauses, _ body: (inout StoreState) -> Result) -> Result {
        state.withLock { state in
            let started = ContinuousClock.now
            defer { pauses.lockHold = max(pauses.lockHold, .now - started) }
            return body(&state)
        }
    }
}
