/// Where a job's expected next run comes from, in order of precedence (`monitoring.md` §2).
enum ExpectationSource: String, Sendable, Codable, CaseIterable {
    /// A person set the job's schedule.
    case configured
    /// The latest run carried Duplicati's own `next-scheduled-run`.
    case duplicati
    /// Inferred from the gaps between the job's recent runs.
    case inferred
    /// Too little known: the defaults of `monitoring.md` §1.
    case `default`
}

/// Duplicati's `Extra["next-scheduled-run"]`: `yyyyMMdd'T'HHmmssZ` in UTC.
enum DuplicatiSchedule {
    /// The `Extra` key.
    static let extraKey = "next-scheduled-run"

    /// The instant (epoch ms), or nil when `text` is not in the expected form.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(ReportText.trimmed(text).utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") || bytes[15] == UInt8(ascii: "z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61, year > 1970
        else { return nil }
        let days = UTCCalendar.days(year: year, month: month, day: day)
        return days * UTCCalendar.dayMs + ((hour * 60 + minute) * 60 + second) * 1_000
    }
}
