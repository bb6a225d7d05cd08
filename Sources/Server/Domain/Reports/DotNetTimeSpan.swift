/// Parses .NET `TimeSpan` text (`[-][d.]hh:mm:ss[.fffffff]`, the "c" format Duplicati writes for
/// `Duration`). The Node duplistatus split on ':' and so read "1.02:03:04" as 1.02 hours and lost
/// the sign; this keeps days, sign and all 7 fraction digits.
enum DotNetTimeSpan {
    /// .NET ticks (100 ns) per second.
    static let ticksPerSecond: Int64 = 10_000_000

    /// The span in 100-ns ticks, or nil when the text is not a TimeSpan.
    ///
    /// Duplicati never writes hours above 23, but scripts do ("30:00:00"), so they are accepted
    /// when there is no day part; with a day part they must be 0–23 as in .NET. Read as bytes:
    /// splitting the text into `Character`s cost almost 1 % of an upload's CPU.
    static func ticks(_ text: String) -> Int64? {
        ReportByteCursor.reading(ReportText.trimmed(text)) { cursor -> Int64? in
            let negative = cursor.skip("-")
            guard var hours = cursor.digits(atMost: 7) else { return nil }
            var days: Int64?
            if cursor.skip(".") {
                // A million days is far beyond any backup and keeps the tick arithmetic below Int64.max.
                guard hours.value <= 1_000_000, let afterDays = cursor.digits(atMost: 6) else { return nil }
                days = hours.value
                hours = afterDays
            }
            guard hours.count <= 6, cursor.skip(":"), let minutes = cursor.digits(atMost: 2), minutes.value < 60,
                cursor.skip(":"), let seconds = cursor.digits(atMost: 2), seconds.value < 60
            else { return nil }
            if days != nil, hours.value > 23 { return nil }
            var fractionTicks: Int64 = 0
            if cursor.skip(".") {
                guard let fraction = cursor.digits(atMost: 7) else { return nil }
                // "5" means 0.5 s: pad the digits to 7 places (100-ns resolution).
                fractionTicks = fraction.value
                for _ in fraction.count..<7 { fractionTicks *= 10 }
            }
            guard cursor.atEnd else { return nil }
            let totalSeconds = (((days ?? 0) * 24 + hours.value) * 60 + minutes.value) * 60 + seconds.value
            let ticks = totalSeconds * ticksPerSecond + fractionTicks
            return negative ? -ticks : ticks
        }
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
