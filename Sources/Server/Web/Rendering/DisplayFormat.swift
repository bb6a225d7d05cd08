/// How pages write figures: sizes base 1024, durations `HH:MM:SS`, times absolute and relative.
///
/// Absolute times are written in the configured time zone (`DisplayTimeZone`), the one the
/// notifications use too, with the ISO form beside them (`<time datetime>`) for scripts.
enum DisplayFormat {
    /// `"1.50 GB"`: base 1024, two decimals from KB up, whole bytes below.
    static func bytes(_ value: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var amount = Double(value)
        var unit = 0
        while abs(amount) >= 1024 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        return fixed(amount, decimals: 2) + " " + units[unit]
    }

    /// `"01:02:03"`; hours grow past 99 rather than wrapping. Whole seconds are counted down, as
    /// the API's `duration` (and the Node version's) counts them, so a page and a widget agree.
    static func duration(_ seconds: Double) -> String {
        DotNetTimeSpan.display(seconds: max(0, seconds))
    }

    /// `"2026-05-12 22:12 UTC"`, in the configured time zone.
    static func absolute(_ milliseconds: Int64) -> String {
        DisplayTimeZone.current.format(milliseconds)
    }

    /// The machine-readable form for `<time datetime>`.
    static func iso(_ milliseconds: Int64) -> String {
        ReportTimestamp.isoString(epochMilliseconds: milliseconds)
    }

    /// `"5m"`, `"3h"`, `"2d"`: the card's short age of a run.
    static func shortAge(_ milliseconds: Int64, now: Int64) -> String {
        let seconds = max(0, (now - milliseconds) / 1000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }

    /// `"3 hours ago"` or `"in 2 days"`.
    static func relative(_ milliseconds: Int64, now: Int64) -> String {
        let seconds = (now - milliseconds) / 1000
        let magnitude = abs(seconds)
        let (amount, unit): (Int64, String) =
            switch magnitude {
            case ..<60: (magnitude, "second")
            case ..<3600: (magnitude / 60, "minute")
            case ..<86_400: (magnitude / 3600, "hour")
            case ..<(86_400 * 60): (magnitude / 86_400, "day")
            case ..<(86_400 * 730): (magnitude / (86_400 * 30), "month")
            default: (magnitude / (86_400 * 365), "year")
            }
        if magnitude < 45 { return seconds >= 0 ? "just now" : "in a moment" }
        let phrase = counted(amount, unit)
        return seconds >= 0 ? phrase + " ago" : "in " + phrase
    }

    /// `"1 run"`, `"1,234 runs"`: `noun` takes an "s" unless there is one.
    static func counted(_ amount: Int64, _ noun: String) -> String {
        "\(count(amount)) \(noun)\(amount == 1 ? "" : "s")"
    }

    /// `"1,234,567"`.
    static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `value` with exactly `decimals` decimals, without Foundation's formatters.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = String(scaled / scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(scaled % scale)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
