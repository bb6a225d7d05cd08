#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The time zone absolute times are written in, on the pages and in notifications: the process's
/// `TZ` (an IANA name such as `Europe/London` from the system's time zone database, or a POSIX
/// rule such as `CET-1CEST,M3.5.0,M10.5.0/3`), UTC when it is unset or not a known zone
/// (monitoring.md, ui.md).
struct DisplayTimeZone: Sendable, Equatable {
    /// The zone's IANA name or POSIX rule as `TZ` gave it; `UTC` by default.
    let identifier: String
    /// The name asked for when it is not a known zone (so UTC is used instead), for a warning.
    let unknownName: String?
    /// The zone, nil for UTC (which needs no zone database and is the fast path).
    private let zone: ZoneInfo?

    /// The zone of this process's `TZ`, read once; tests bind another with `$current.withValue`.
    @TaskLocal static var current = DisplayTimeZone(identifier: ProcessInfo.processInfo.environment["TZ"])

    /// The names that mean UTC without looking anything up.
    private static let utcNames: Set<String> = ["", "UTC", "Etc/UTC", "GMT", "Etc/GMT"]

    /// The zone named `identifier` (POSIX's leading `:` allowed); UTC when nil, empty or unknown.
    init(identifier: String?) {
        let name = identifier.map { $0.hasPrefix(":") ? String($0.dropFirst()) : $0 } ?? ""
        let isUTC = Self.utcNames.contains(name)
        let zone =
            isUTC
            ? nil
            : ZoneInfo(named: name)
                ?? PosixZoneRule(name).flatMap { $0.isAmbiguousUTCOffset ? nil : ZoneInfo(rule: $0) }
        self.identifier = zone == nil ? "UTC" : name
        self.zone = zone
        unknownName = zone == nil && !isUTC ? name : nil
    }

    /// `"2025-07-02 03:00 UTC"`, `"2025-07-02 04:00 BST"`: the instant's minute on this zone's
    /// clock and the zone's abbreviation at that instant (summer time included), as the time zone
    /// database names it (`+03` where it has no letters).
    func format(_ milliseconds: Int64) -> String {
        guard let zone else { return ReportTimestamp.minuteString(epochMilliseconds: milliseconds) + " UTC" }
        // Years 1–9999, as everywhere times are written, so no instant can overflow the arithmetic.
        let instant = min(max(milliseconds, -62_135_596_800_000), 253_402_300_799_999)
        let seconds = instant >= 0 ? instant / 1000 : (instant - 999) / 1000
        let offset = zone.offset(at: seconds)
        let suffix = offset.abbreviation.isEmpty ? identifier : offset.abbreviation
        return ReportTimestamp.minuteString(epochMilliseconds: instant + Int64(offset.seconds) * 1000) + " " + suffix
    }
}
