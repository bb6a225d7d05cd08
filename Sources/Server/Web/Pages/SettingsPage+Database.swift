import FlatStore

// Only for `Date`; FoundationEssentials keeps ICU out of the Linux binary.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SettingsPage {
    /// The store's figures for the database section: files and sizes, maintenance, quarantine.
    static func storeTiles(_ statistics: StoreStatistics, now: Int64) -> [PageTile] {
        let when = { (date: Date?) in
            date.map { DisplayFormat.relative(Int64($0.timeIntervalSince1970 * 1000), now: now) } ?? "never"
        }
        return [
            PageTile(label: "Files", value: DisplayFormat.count(Int64(statistics.files))),
            PageTile(label: "Log", value: DisplayFormat.bytes(Int64(clamping: statistics.logBytes))),
            PageTile(label: "Snapshot", value: DisplayFormat.bytes(Int64(clamping: statistics.snapshotBytes))),
            PageTile(label: "Dead bytes", value: DisplayFormat.bytes(Int64(clamping: statistics.deadBytes))),
            PageTile(label: "Last snapshot", value: when(statistics.lastSnapshot)),
            PageTile(label: "Last compaction", value: when(statistics.lastCompaction)),
            PageTile(
                label: "Quarantined",
                value: DisplayFormat.count(Int64(statistics.quarantinedSpans)),
                tone: statistics.quarantinedSpans > 0 ? "err" : ""
            ),
        ]
    }
}
