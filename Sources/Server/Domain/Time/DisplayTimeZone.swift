// Full Foundation: FoundationEssentials' TimeZone knows only fixed offsets; the zone database
// (ICU's, inside the binary) comes with FoundationInternationalization.
import Foundation

/// The time zone absolute times are written in, on the pages and in notifications: the process's
/// `TZ` (an IANA name such as `Europe/London`), UTC when it is unset or not a known zone
/// (monitoring.md, ui.md).
struct DisplayTimeZone: Sendable, Equatable {
    /// The zone's IANA identifier; `UTC` by default.
    let identifier: String
    /// The name asked for when it is not a known zone (so UTC is used instead), for a warning.
    let unknownName: String?
    /// The zone, nil for UTC (which needs no zone database and is the fast path).
    private let zone: TimeZone?

    /// The zone of this process's `TZ`, read once; tests bind another with `$current.withValue`.
    @TaskLocal static var current = DisplayTimeZone(identifier: ProcessInfo.processInfo.environment["TZ"])

    /// The zone named `identifier` (POSIX's leading `:` allowed); UTC when nil, empty or unknown.
    init(identifier: String?) {
        let name = identifier.map { $0.hasPrefix(":") ? String($0.dropFirst()) : $0 } ?? ""
        let zone = ["", "UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(name) ? nil : TimeZone(identifier: name)
        self.identifier = zone == nil ? "UTC" : name
        self.zone = zone
        unknownName = zone == nil && !["", "UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(name) ? name : nil
    }

    /// `"2025-07-02 03:00 UTC"`, `"2025-07-02 04:00 GMT+1"`: the instant's minute on this zone's
    /// clock and the zone's abbreviation at that instant (summer time included).
    func format(_ milliseconds: Int64) -> String {
        var local = milliseconds
        var suffix = "UTC"
        if let zone {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            local += Int64(zone.secondsFromGMT(for: date)) * 1000
            suffix = zone.abbreviation(for: date) ?? identifier
        }
        return ReportTimestamp.minuteString(epochMilliseconds: local) + " " + suffix
    }
}
