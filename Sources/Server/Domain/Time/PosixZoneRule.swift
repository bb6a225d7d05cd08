/// A POSIX TZ rule such as `GMT0BST,M3.5.0/1,M10.5.0` (POSIX.1 §8.3 with RFC 8536's extensions):
/// a TZif file's footer, which gives local time after the file's last transition.
struct PosixZoneRule: Sendable, Equatable {
    /// A day and time of the year at which summer time starts or ends.
    struct Change: Sendable, Equatable {
        /// How the day is named.
        enum Day: Sendable, Equatable {
            /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
            case weekday(month: Int64, week: Int64, weekday: Int64)
            /// `Jn`: day 1–365, 29 February never counted.
            case julian(Int64)
            /// `n`: day 0–365 counting 29 February.
            case dayOfYear(Int64)
        }

        let day: Day
        /// Local seconds after midnight (may be negative or past a day, RFC 8536 §3.3.1).
        let time: Int64
    }

    /// Summer time: its offset, when it starts (on standard time's clock) and ends (on its own).
    struct Daylight: Sendable, Equatable {
        let offset: ZoneInfo.Offset
        let start: Change
        let end: Change
    }

    /// The offset of standard time.
    let standard: ZoneInfo.Offset
    /// Summer time, nil when the zone keeps standard time all year.
    let daylight: Daylight?

    /// The rule `text`; nil when it is not one.
    init?(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let standardName = scanner.name(), let standardWest = scanner.offset() else { return nil }
        standard = ZoneInfo.Offset(seconds: Int(-standardWest), abbreviation: standardName)
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard let daylightName = scanner.name() else { return nil }
        let daylightWest = scanner.startsOffset ? scanner.offset() : standardWest - 3600
        guard let daylightWest, scanner.take(UInt8(ascii: ",")), let start = scanner.change(), scanner.take(UInt8(ascii: ",")),
            let end = scanner.change(), scanner.atEnd
        else { return nil }
        daylight = Daylight(offset: ZoneInfo.Offset(seconds: Int(-daylightWest), abbreviation: daylightName), start: start, end: end)
    }

    /// Whether it is a fixed offset named `GMT` or `UTC`, such as `GMT+1`: POSIX reads that as an
    /// hour west of Greenwich and many people as an hour east, so such a `TZ` is not guessed at.
    var isAmbiguousUTCOffset: Bool {
        daylight == nil && standard.seconds != 0 && ["GMT", "UTC", "UT"].contains(standard.abbreviation)
    }

    /// The offset in force at `seconds` since 1970.
    func offset(at seconds: Int64) -> ZoneInfo.Offset {
        guard let daylight else { return standard }
        // Clamped to years 1–9999 first, so no instant can overflow the arithmetic.
        let local = min(max(seconds, -62_135_596_800), 253_402_300_799) + Int64(standard.seconds)
        let year = ReportTimestamp.civil(local * 1000).year
        let start = Self.instant(of: daylight.start, in: year) - Int64(standard.seconds)
        let end = Self.instant(of: daylight.end, in: year) - Int64(daylight.offset.seconds)
        // In the southern hemisphere summer time spans the new year: it starts after it ends.
        let inSummer = start < end ? (seconds >= start && seconds < end) : !(seconds >= end && seconds < start)
        return inSummer ? daylight.offset : standard
    }

    /// The change's local date and time in `year`, as seconds since 1970 on a clock at UTC.
    private static func instant(of change: Change, in year: Int64) -> Int64 {
        let newYear = ReportTimestamp.epochDays(year: year, month: 1, day: 1) ?? 0
        let leap = ReportTimestamp.daysInMonth(year: year, month: 2) == 29
        let day: Int64
        switch change.day {
        case .julian(let n): day = newYear + n - 1 + (leap && n >= 60 ? 1 : 0)
        case .dayOfYear(let n): day = newYear + n
        case .weekday(let month, let week, let weekday):
            let first = ReportTimestamp.epochDays(year: year, month: month, day: 1) ?? newYear
            // 1970-01-01 was a Thursday (weekday 4).
            let firstWeekday = ((first + 4) % 7 + 7) % 7
            var candidate = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = ReportTimestamp.daysInMonth(year: year, month: month)
            while candidate >= first + length { candidate -= 7 }
            day = candidate
        }
        return day * 86_400 + change.time
    }
}

/// Reads the parts of a POSIX TZ rule.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    var startsOffset: Bool {
        guard let byte = peek() else { return false }
        return byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || isDigit(byte)
    }

    /// `<+03>` or letters (at least three).
    mutating func name() -> String? {
        if take(UInt8(ascii: "<")) {
            let start = position
            while let byte = peek(), byte != UInt8(ascii: ">") { position += 1 }
            let name = String(decoding: bytes[start..<position], as: UTF8.self)
            return take(UInt8(ascii: ">")) && !name.isEmpty ? name : nil
        }
        let start = position
        while let byte = peek(), (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) { position += 1 }
        return position - start >= 3 ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// `[+-]h[h][:mm[:ss]]` in seconds (hours up to 167, RFC 8536).
    mutating func offset() -> Int64? {
        var sign: Int64 = 1
        if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
        guard let hours = number(), hours <= 167 else { return nil }
        var seconds = hours * 3600
        if take(UInt8(ascii: ":")) {
            guard let minutes = number(), minutes < 60 else { return nil }
            seconds += minutes * 60
            if take(UInt8(ascii: ":")) {
                guard let secs = number(), secs < 60 else { return nil }
                seconds += secs
            }
        }
        return sign * seconds
    }

    /// `Mm.w.d`, `Jn` or `n`, then `/time` (02:00 when absent).
    mutating func change() -> PosixZoneRule.Change? {
        let day: PosixZoneRule.Change.Day
        if take(UInt8(ascii: "M")) {
            guard let month = number(), (1...12).contains(month), take(UInt8(ascii: ".")), let week = number(), (1...5).contains(week),
                take(UInt8(ascii: ".")), let weekday = number(), (0...6).contains(weekday)
            else { return nil }
            day = .weekday(month: month, week: week, weekday: weekday)
        } else if take(UInt8(ascii: "J")) {
            guard let n = number(), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else {
            guard let n = number(), (0...365).contains(n) else { return nil }
            day = .dayOfYear(n)
        }
        var time: Int64 = 7200
        if take(UInt8(ascii: "/")) {
            guard let parsed = offset() else { return nil }
            time = parsed
        }
        return PosixZoneRule.Change(day: day, time: time)
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// The next byte, nil at the end.
    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Up to four decimal digits; nil when none follow.
    private mutating func number() -> Int64? {
        let start = position
        var value: Int64 = 0
        while let byte = peek(), isDigit(byte), position - start < 4 {
            value = value * 10 + Int64(byte - 0x30)
            position += 1
        }
        return position > start ? value : nil
    }
}
