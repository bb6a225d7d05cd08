import FlatStore

/// An instant read from report text, kept to the nanosecond so Duplicati's 7-digit fractions survive.
///
/// Dates are parsed by hand: FoundationEssentials has no ISO8601 parser that works without ICU,
/// and the forms we meet are few and fixed.
struct ReportTimestamp: Sendable, Equatable {
    /// Whole seconds since 1970-01-01T00:00:00Z (floor, so negative for earlier instants).
    var epochSeconds: Int64
    /// Nanoseconds past `epochSeconds`, 0..<1_000_000_000.
    var nanoseconds: Int64
    /// The calendar year as written (before applying the offset); used for sanity checks.
    var year: Int64

    /// Milliseconds since the epoch, truncating sub-millisecond digits as the API serves them.
    var epochMilliseconds: Int64 {
        epochSeconds * 1000 + nanoseconds / 1_000_000
    }

    /// True for .NET's `DateTime` zero value ("0001-01-01T00:00:00"), which Duplicati writes for unknown dates.
    var isDotNetZero: Bool {
        year <= 1
    }

    /// Parses ISO 8601: `yyyy-MM-dd[(T| )HH:mm[:ss[.fffffffff]]][Z|±hh[:mm]]`.
    ///
    /// Text without a zone is taken as UTC: Duplicati writes its UTC fields with `Z` and only the
    /// zero value without one, and a script that omits the zone most likely means UTC.
    static func parseISO(_ text: some StringProtocol) -> ReportTimestamp? {
        ReportByteCursor.reading(ReportText.trimmed(text)) { cursor in parseISO(&cursor) }
    }

    /// `parseISO(_:)` on the bytes of the trimmed text.
    private static func parseISO(_ cursor: inout ReportByteCursor) -> ReportTimestamp? {
        guard let year = cursor.number(exactly: 4), cursor.skip("-"),
            let month = cursor.number(exactly: 2), cursor.skip("-"),
            let day = cursor.number(exactly: 2),
            let days = epochDays(year: year, month: month, day: day)
        else { return nil }
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        var offsetSeconds: Int64 = 0
        if cursor.skip("T") || cursor.skip("t") || cursor.skip(" ") {
            guard let hour = cursor.number(exactly: 2), hour < 24, cursor.skip(":"),
                let minute = cursor.number(exactly: 2), minute < 60
            else { return nil }
            seconds = hour * 3600 + minute * 60
            if cursor.skip(":") {
                guard let second = cursor.number(exactly: 2), second < 60 else { return nil }
                seconds += second
                if cursor.skip(".") || cursor.skip(",") {
                    guard let fraction = cursor.fraction() else { return nil }
                    nanos = fraction
                }
            }
            if cursor.skip("Z") || cursor.skip("z") {
                offsetSeconds = 0
            } else if let sign = cursor.sign() {
                guard let hours = cursor.number(exactly: 2), hours <= 14 else { return nil }
                _ = cursor.skip(":")
                let minutes = cursor.atEnd ? 0 : cursor.number(exactly: 2)
                guard let minutes, minutes < 60 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard cursor.atEnd else { return nil }
        let epoch = days * 86_400 + seconds - offsetSeconds
        return ReportTimestamp(epochSeconds: epoch, nanoseconds: nanos, year: year)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date, or nil when the date does not exist.
    static func epochDays(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month)
        else { return nil }
        // Howard Hinnant's days_from_civil: shift the year to start in March so leap days come last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO 8601 UTC with milliseconds ("2025-04-21T23:45:46.971Z"), the form the API serves.
    static func isoString(epochMilliseconds value: Int64) -> String {
        // Written digit by digit into the string's own storage: every run in every answer and
        // page goes through here, and concatenating padded pieces cost several allocations each.
        String(unsafeUninitializedCapacity: isoLength) { buffer in
            writeISO(epochMilliseconds: value, into: buffer)
            return isoLength
        }
    }

    /// The length of `isoString`'s text in bytes.
    static var isoLength: Int { 24 }

    /// Writes `isoString`'s text into the first `isoLength` bytes of `buffer`.
    static func writeISO(epochMilliseconds value: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        // The buffer's subscript checks its bounds only in debug builds.
        precondition(buffer.count >= isoLength, "an ISO timestamp needs 24 bytes")
        let time = civil(value)
        write(time, into: buffer)
        buffer[10] = UInt8(ascii: "T")
        buffer[16] = UInt8(ascii: ":")
        digits(time.secondOfDay % 60, width: 2, at: 17, into: buffer)
        buffer[19] = UInt8(ascii: ".")
        digits(time.millis, width: 3, at: 20, into: buffer)
        buffer[23] = UInt8(ascii: "Z")
    }

    /// The UTC minute of an instant, `"2025-04-21 23:45"`, as pages and notifications write it.
    static func minuteString(epochMilliseconds value: Int64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            write(civil(value), into: buffer)
            buffer[10] = UInt8(ascii: " ")
            return 16
        }
    }

    /// A UTC instant split into its calendar date, second of the day and milliseconds.
    struct Civil {
        var year: Int64, month: Int64, day: Int64, secondOfDay: Int64, millis: Int64
    }

    /// The civil form of an instant, clamped to years 0001–9999 so no input can overflow the
    /// arithmetic (Hinnant's civil_from_days, the inverse of epochDays).
    static func civil(_ value: Int64) -> Civil {
        let ms = min(max(value, -62_135_596_800_000), 253_402_300_799_999)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return Civil(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
            month: month,
            day: dayOfYear - (153 * mp + 2) / 5 + 1,
            secondOfDay: seconds - days * 86_400,
            millis: millis
        )
    }

    /// Writes `YYYY-MM-DD?HH:MM` (the separator at offset 10 is the caller's) into `buffer`.
    private static func write(_ time: Civil, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        digits(time.year, width: 4, at: 0, into: buffer)
        buffer[4] = UInt8(ascii: "-")
        digits(time.month, width: 2, at: 5, into: buffer)
        buffer[7] = UInt8(ascii: "-")
        digits(time.day, width: 2, at: 8, into: buffer)
        digits(time.secondOfDay / 3600, width: 2, at: 11, into: buffer)
        buffer[13] = UInt8(ascii: ":")
        digits(time.secondOfDay / 60 % 60, width: 2, at: 14, into: buffer)
    }

    /// Writes `value` as `width` decimal digits, zero-padded, at `offset`.
    private static func digits(_ value: Int64, width: Int, at offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            buffer[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
    }
}

extension CanonicalJSONWriter {
    /// Writes an instant as `ReportTimestamp.isoString` gives it, from bytes on the stack: an
    /// upload writes three or four (and one per available version), an API answer one per run or
    /// job, and each `String` of 24 bytes was an allocation of its own.
    mutating func isoTimestamp(epochMilliseconds value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ReportTimestamp.isoLength) { buffer in
            ReportTimestamp.writeISO(epochMilliseconds: value, into: buffer)
            string(utf8: UnsafeBufferPointer(buffer))
        }
    }
}
