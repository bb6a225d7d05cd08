/// A Duplicati-style repeat interval (`monitoring.md` §1): one or more `<int><unit>` tokens with
/// the case-sensitive units `s m h D W M Y` (`1D`, `6h`, `1D12h`); a bare integer means seconds.
struct ScheduleInterval: Sendable, Equatable, CustomStringConvertible {
    /// A unit of the grammar.
    enum Unit: Character, Sendable, CaseIterable {
        case second = "s"
        case minute = "m"
        case hour = "h"
        case day = "D"
        case week = "W"
        case month = "M"
        case year = "Y"
    }

    /// The tokens in the order written.
    var parts: [(count: Int64, unit: Unit)]

    /// The built-in default, one day.
    static let oneDay = ScheduleInterval(parts: [(1, .day)])

    /// Parses `text`; nil when it is not a valid interval with every value above zero.
    init?(_ text: String) {
        let trimmed = ReportText.trimmed(text)
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return nil }
        if let seconds = Int64(String(trimmed)) {
            guard seconds > 0 else { return nil }
            parts = [(seconds, .second)]
            return
        }
        var parts: [(Int64, Unit)] = []
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = Unit(rawValue: character), let count = Int64(digits), count > 0, count < 1_000_000 {
                parts.append((count, unit))
                digits = ""
            } else {
                return nil
            }
        }
        guard digits.isEmpty, !parts.isEmpty else { return nil }
        self.parts = parts
    }

    /// An interval of the given parts.
    init(parts: [(count: Int64, unit: Unit)]) {
        self.parts = parts
    }

    static func == (lhs: ScheduleInterval, rhs: ScheduleInterval) -> Bool {
        lhs.description == rhs.description
    }

    /// The interval written in the grammar, e.g. `1D12h`.
    var description: String {
        parts.map { "\($0.count)\($0.unit.rawValue)" }.joined()
    }

    /// Whether the interval is at least one day long (weekday rules step by days then).
    var isDayOrLonger: Bool {
        parts.contains { [.day, .week, .month, .year].contains($0.unit) } || approximateSeconds >= 86_400
    }

    /// The length in seconds, months counted as 30 days and years as 365 (for display and inference).
    var approximateSeconds: Int64 {
        parts.reduce(0) { total, part in
            let size: Int64 =
                switch part.unit {
                case .second: 1
                case .minute: 60
                case .hour: 3_600
                case .day: 86_400
                case .week: 604_800
                case .month: 2_592_000
                case .year: 31_536_000
                }
            return total + part.count * size
        }
    }

    /// `ms` plus the interval once: `s m h` as fixed seconds, `D W M Y` as UTC calendar steps.
    func adding(to ms: Int64) -> Int64 {
        parts.reduce(ms) { time, part in
            switch part.unit {
            case .second: time + part.count * 1_000
            case .minute: time + part.count * 60_000
            case .hour: time + part.count * 3_600_000
            case .day: time + part.count * UTCCalendar.dayMs
            case .week: time + part.count * 7 * UTCCalendar.dayMs
            case .month: UTCCalendar.addingMonths(part.count, to: time)
            case .year: UTCCalendar.addingMonths(part.count * 12, to: time)
            }
        }
    }
}
