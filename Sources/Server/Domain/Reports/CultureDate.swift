/// A local date-time written by .NET's `DateTime.ToString()` in an unknown culture, read as its
/// numbers before the day/month order is known ("04/08/2025 00:14:55", "2/18/2020 6:16:35 PM",
/// "04.08.2025 18.26.53", "2025/08/04 0:14:55", "2025. 8. 4. 오후 3:14:55").
///
/// Reading digit groups instead of matching per-culture patterns covers every separator at once;
/// only the order of day and month is left open, and `AvailableVersions` settles it per list.
struct CultureDate {
    /// How the three date numbers are ordered.
    enum Order: CaseIterable {
        case yearMonthDay, dayMonthYear, monthDayYear
    }

    /// The three date numbers in written order.
    let dateParts: (Int64, Int64, Int64)
    /// True when the first date number has four digits (ja-JP, sv-SE, ko-KR, ISO-like cultures).
    let yearFirst: Bool
    /// Hour on the 24-hour clock (AM/PM already applied), minute and second.
    let hour: Int64, minute: Int64, second: Int64
    /// True when an AM/PM designator was present; US-style month-first dates are the common case then.
    let hasDesignator: Bool
    /// The first separator after the first date number ('/', '.', '-').
    let dateSeparator: Unicode.Scalar?

    /// Reads one entry; nil when it is not a date-time (e.g. 2.0.5.103's "ListResultFileset").
    init?(_ text: Substring) {
        var groups = DigitGroups()
        var letters = ""
        var separator: Unicode.Scalar?
        var value: Int64 = 0
        var length = 0
        // Scalars, not Characters: no grapheme breaking is needed to tell digits from separators.
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x30, scalar.value <= 0x39 {
                length += 1
                guard length <= 4 else { return nil }
                value = value * 10 + Int64(scalar.value - 0x30)
                continue
            }
            if length > 0 {
                guard groups.append(value, length: length) else { return nil }
                (value, length) = (0, 0)
            }
            if groups.count == 1, separator == nil { separator = scalar }
            switch scalar {
            case " ", "/", ".", "-", ":", "\t", "\u{00A0}", "\u{202F}": break
            default: letters.unicodeScalars.append(scalar)
            }
        }
        if length > 0 { guard groups.append(value, length: length) else { return nil } }
        guard groups.count == 5 || groups.count == 6 else { return nil }
        let fourDigitFirst = groups[0].length == 4
        guard fourDigitFirst ? groups[2].length <= 2 : groups[2].length == 4,
            groups[1].length <= 2, groups[3].length <= 2, groups[4].length == 2
        else { return nil }
        var hour = groups[3].value
        let designator = letters.isEmpty ? nil : Self.designator(letters)
        switch designator {
        case .none: guard letters.isEmpty else { return nil }
        case .some(let isPM):
            guard (1...12).contains(hour) else { return nil }
            hour = (hour % 12) + (isPM ? 12 : 0)
        }
        guard hour < 24, groups[4].value < 60 else { return nil }
        let second = groups.count == 6 ? groups[5].value : 0
        guard second < 60 else { return nil }
        dateParts = (groups[0].value, groups[1].value, groups[2].value)
        yearFirst = fourDigitFirst
        self.hour = hour
        minute = groups[4].value
        self.second = second
        hasDesignator = designator != nil
        dateSeparator = separator
    }

    /// The digit groups of an entry, at most six (date, hour, minute, second), kept inline: a
    /// retention line lists every version, and an array for each cost an allocation.
    private struct DigitGroups {
        private var values: (Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0)
        private var lengths: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
        private(set) var count = 0

        /// Adds a group; false when there are six already (too many for a date-time).
        mutating func append(_ value: Int64, length: Int) -> Bool {
            switch count {
            case 0: (values.0, lengths.0) = (value, length)
            case 1: (values.1, lengths.1) = (value, length)
            case 2: (values.2, lengths.2) = (value, length)
            case 3: (values.3, lengths.3) = (value, length)
            case 4: (values.4, lengths.4) = (value, length)
            case 5: (values.5, lengths.5) = (value, length)
            default: return false
            }
            count += 1
            return true
        }

        /// Group `index` (below `count`).
        subscript(index: Int) -> (value: Int64, length: Int) {
            switch index {
            case 0: return (values.0, lengths.0)
            case 1: return (values.1, lengths.1)
            case 2: return (values.2, lengths.2)
            case 3: return (values.3, lengths.3)
            case 4: return (values.4, lengths.4)
            default: return (values.5, lengths.5)
            }
        }
    }

    /// The order this entry must use if it fixes one (year first), else nil.
    var forcedOrder: Order? {
        yearFirst ? .yearMonthDay : nil
    }

    /// Local wall-clock seconds since the epoch (as if UTC) under `order`, or nil when the date
    /// does not exist that way round (month 23).
    func localSeconds(order: Order) -> Int64? {
        let (a, b, c) = dateParts
        let ymd: (Int64, Int64, Int64)
        switch forcedOrder ?? order {
        case .yearMonthDay: ymd = (a, b, c)
        case .dayMonthYear: ymd = (c, b, a)
        case .monthDayYear: ymd = (c, a, b)
        }
        guard let days = ReportTimestamp.epochDays(year: ymd.0, month: ymd.1, day: ymd.2) else { return nil }
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// true for PM, false for AM, nil when there is no designator or it is not a known one.
    private static func designator(_ letters: String) -> Bool? {
        switch letters.lowercased() {
        case "am", "上午", "午前", "오전", "ص", "sa", "vorm": return false
        case "pm", "下午", "午後", "오후", "م", "ch", "nachm": return true
        default: return nil
        }
    }
}
