/// Parses .NET `TimeSpan` text (`[-][d.]hh:mm:ss[.fffffff]`, the "c" format Duplicati writes for
/// `Duration`). The Node duplistatus split on ':' and so read "1.02:03:04" as 1.02 hours and lost
/// the sign; this keeps days, sign and all 7 fraction digits.
enum DotNetTimeSpan {
    /// .NET ticks (100 ns) per second.
    static let ticksPerSecond: Int64 = 10_000_000

    /// The span in 100-ns ticks, or nil when the text is not a TimeSpan.
    ///
    /// Duplicati never writes hours above 23, but scripts do ("30:00:00"), so they are accepted
    /// when there is no day part; with a day part they must be 0–23 as in .NET.
    static func ticks(_ text: String) -> Int64? {
        var rest = ReportText.trimmed(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }

        var days: Int64 = 0
        var hoursText = parts[0]
        if let dot = hoursText.firstIndex(of: ".") {
            // A million days is far beyond any backup and keeps the tick arithmetic below Int64.max.
            guard let parsedDays = ReportText.digits(hoursText[..<dot], maxLength: 7), parsedDays <= 1_000_000 else {
                return nil
            }
            days = parsedDays
            hoursText = hoursText[hoursText.index(after: dot)...]
        }
        guard let hours = ReportText.digits(hoursText, maxLength: 6),
            let minutes = ReportText.digits(parts[1], maxLength: 2), minutes < 60
        else { return nil }
        if days > 0 || parts[0].contains("."), hours > 23 { return nil }

        let secondParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard secondParts.count <= 2, let seconds = ReportText.digits(secondParts[0], maxLength: 2), seconds < 60 else {
            return nil
        }
        var fractionTicks: Int64 = 0
        if secondParts.count == 2 {
            let fraction = secondParts[1]
            guard !fraction.isEmpty, fraction.count <= 7, let value = ReportText.digits(fraction, maxLength: 7) else {
                return nil
            }
            // "5" means 0.5 s: pad the digits to 7 places (100-ns resolution).
            var scaled = value
            for _ in fraction.count..<7 { scaled *= 10 }
            fractionTicks = scaled
        }
        let totalSeconds = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        let ticks = totalSeconds * ticksPerSecond + fractionTicks
        return negative ? -ticks : ticks
    }

    /// The span in seconds (ticks / 10^7, so `00:00:51.3856057` gives exactly 51.3856057).
    static func seconds(_ text: String) -> Double? {
        ticks(text).map { Double($0) / Double(ticksPerSecond) }
    }

    /// "HH:MM:SS" for people (hours may exceed 24), from seconds; negative spans get a '-'.
    static func display(seconds: Double) -> String {
        guard seconds.isFinite else { return "00:00:00" }
        let whole = Int64(min(abs(seconds), 9e15).rounded(.down))
        let text =
            ReportText.pad(whole / 3600, to: 2) + ":" + ReportText.pad(whole / 60 % 60, to: 2) + ":"
            + ReportText.pad(whole % 60, to: 2)
        return seconds < 0 ? "-" + text : text
    }
}
