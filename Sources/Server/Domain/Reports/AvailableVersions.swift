/// Reconstructs the versions kept on the destination after a run from the retention-policy log
/// lines ("Backups to consider: …" and "All backups to delete: …"), the only place Duplicati's
/// HTTP report names them.
enum AvailableVersions {
    /// The text that starts the list of versions the retention policy looked at.
    static let considerMarker = "Backups to consider:"
    /// The text that starts the list of versions the retention policy deleted.
    static let deleteMarker = "All backups to delete:"

    /// The versions as epoch milliseconds (UTC), newest first: this run's own version (which the
    /// list leaves out) plus the considered ones minus the deleted ones.
    ///
    /// `ownTimeMs` is the run's BeginTime; Duplicati names a version after its begin time in whole
    /// seconds, so it is truncated to the second. The result is empty when the lines are absent
    /// (no `--retention-policy`, or cut off by `send-http-max-log-lines`): an empty list means
    /// "unknown", never "no versions".
    static func extract(from entries: [String], ownTimeMs: Int64?) -> [Int64] {
        let contains = { (entry: String, marker: String) in ReportText.utf8Offset(of: marker, in: entry) != nil }
        guard let considerLine = entries.last(where: { contains($0, considerMarker) }) else { return [] }
        let deleteLine = entries.last(where: { contains($0, deleteMarker) })
        let consider = ListLine(considerLine, marker: considerMarker)
        let delete = deleteLine.map { ListLine($0, marker: deleteMarker) }

        let order = resolveOrder(consider: consider, delete: delete)
        let kept = Set(consider.instants(order: order))
        let deleted = Set(delete?.instants(order: order) ?? [])
        var versions = kept.subtracting(deleted)
        if let ownTimeMs {
            versions.insert(ownTimeMs - ((ownTimeMs % 1000) + 1000) % 1000)
        }
        return versions.sorted(by: >)
    }

    /// Picks the day/month order that makes the whole list plausible: every date exists, the
    /// considered list runs newest first, and nothing is later than the line that printed it.
    /// When both orders pass (every day ≤ 12), the one whose newest entry is closest to the run
    /// wins, since the previous version is usually recent; a last tie goes to month-first for
    /// AM/PM dates with '/' (en-US) and to day-first otherwise.
    static func resolveOrder(consider: ListLine, delete: ListLine?) -> CultureDate.Order {
        let all = consider.dates + (delete?.dates ?? [])
        let preferred: CultureDate.Order =
            all.contains { $0.hasDesignator && $0.dateSeparator == "/" } ? .monthDayYear : .dayMonthYear
        if all.allSatisfy({ $0.forcedOrder != nil }) { return .yearMonthDay }

        var best: (order: CultureDate.Order, gap: Int64)?
        for order in [preferred, preferred == .dayMonthYear ? .monthDayYear : .dayMonthYear] {
            guard let gap = plausibilityGap(consider: consider, delete: delete, order: order) else { continue }
            if let current = best, current.gap <= gap { continue }
            best = (order, gap)
        }
        return best?.order ?? preferred
    }

    /// Seconds between the line's own time and the newest considered entry under `order`, or nil
    /// when that order breaks one of the list's invariants.
    private static func plausibilityGap(consider: ListLine, delete: ListLine?, order: CultureDate.Order) -> Int64? {
        var previous = Int64.max
        for date in consider.dates {
            guard let local = date.localSeconds(order: order), local <= previous,
                local <= consider.bound ?? Int64.max
            else { return nil }
            previous = local
        }
        for date in delete?.dates ?? [] {
            guard let local = date.localSeconds(order: order), local <= delete?.bound ?? Int64.max else { return nil }
        }
        guard let newest = consider.dates.first?.localSeconds(order: order), let bound = consider.bound else {
            return 0
        }
        return bound - newest
    }

    /// One retention log line: its dates, its own local time and the UTC offset it printed.
    struct ListLine {
        /// The entries that read as dates, in list order.
        let dates: [CultureDate]
        /// The line's local time; no listed version can be later.
        let bound: Int64?
        /// The UTC offset of the Duplicati machine when it wrote the line.
        let offsetSeconds: Int64

        /// Reads the comma-separated list after `marker`; unreadable entries are dropped.
        init(_ entry: String, marker: String) {
            let line = ReportLogLine(entry)
            bound = line.localSeconds
            // Without a prefix the offset is unknown; UTC is the least surprising guess.
            offsetSeconds = line.offsetSeconds ?? 0
            guard let offset = ReportText.utf8Offset(of: marker, in: entry) else {
                dates = []
                return
            }
            let start = entry.utf8.index(entry.utf8.startIndex, offsetBy: offset + marker.utf8.count)
            let list = entry.utf8[start...].prefix { $0 != 0x0A && $0 != 0x0D }
            dates = list.split(separator: UInt8(ascii: ",")).compactMap {
                CultureDate(ReportText.trimmed(Substring($0)))
            }
        }

        /// The listed versions as UTC epoch milliseconds under `order`; entries invalid that way are dropped.
        func instants(order: CultureDate.Order) -> [Int64] {
            dates.compactMap { $0.localSeconds(order: order) }.map { ($0 - offsetSeconds) * 1000 }
        }
    }
}
