/// One entry of Duplicati's `LogLines`, `"yyyy-MM-dd HH:mm:ss ±hh - [Level-Tag-Id]: message"`,
/// with the prefix taken apart. An entry may span several lines (an exception's stack trace).
struct ReportLogLine {
    /// The bucket an entry is stored in.
    enum Level {
        case message, warning, error
    }

    /// The entry's local wall-clock time as epoch seconds *as if it were UTC* (nil without a prefix).
    let localSeconds: Int64?
    /// The UTC offset printed in the prefix, in seconds; whole hours, as Duplicati writes `zz`.
    let offsetSeconds: Int64?
    /// The level word inside the brackets ("Information", "Warning", "Error", "DryRun", …).
    let levelName: String?
    /// The entry as sent.
    let text: String
    /// Where the level word starts (UTF-8 offset), when the prefix was recognized.
    private let levelOffset: Int?

    /// The text after `]: `, or the whole entry when it has no recognizable prefix. Computed on
    /// demand: splitting needs only the level, and slicing every entry would cost a String scan.
    var message: Substring {
        guard let levelOffset, let bracket = ReportText.utf8Offset(of: "]: ", in: text, from: levelOffset) else {
            return Substring(text)
        }
        return text[text.utf8.index(text.utf8.startIndex, offsetBy: bracket + 3)...]
    }

    /// The bucket: Warning and Error entries by name, everything else (Information, DryRun,
    /// Verbose, Retry, unprefixed text) with the messages so no entry is lost.
    var level: Level {
        switch levelName {
        case "Warning": return .warning
        case "Error": return .error
        default: return .message
        }
    }

    /// Parses the prefix of one entry; an entry without one keeps all its text as the message.
    init(_ text: String) {
        self.text = text
        // Only the first 64 bytes can hold the prefix.
        let prefix = ReportByteCursor.reading(text, limit: 64, Self.prefix)
        (localSeconds, offsetSeconds, levelName, levelOffset) = prefix
    }

    /// The local time, offset, level word and where it starts, of the prefix `cursor` reads; all
    /// nil when it is not one.
    private static func prefix(_ cursor: inout ReportByteCursor) -> (Int64?, Int64?, String?, Int?) {
        guard let year = cursor.number(exactly: 4), cursor.skip("-"), let month = cursor.number(exactly: 2),
            cursor.skip("-"), let day = cursor.number(exactly: 2), cursor.skip(" "),
            let hour = cursor.number(exactly: 2), cursor.skipTimeSeparator(), let minute = cursor.number(exactly: 2),
            cursor.skipTimeSeparator(), let second = cursor.number(exactly: 2), cursor.skip(" "),
            let sign = cursor.sign(), let offsetHours = cursor.number(exactly: 2),
            let days = ReportTimestamp.epochDays(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 60
        else { return (nil, nil, nil, nil) }
        // Some hosts print "+0530"/"+05:30"; Duplicati's own "zz" is hours only.
        _ = cursor.skip(":")
        let offsetMinutes = cursor.number(exactly: 2) ?? 0
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        let offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        let start = cursor.index + 4
        // Level words are ASCII and end well inside the first 64 bytes.
        guard cursor.skip(" "), cursor.skip("-"), cursor.skip(" "), cursor.skip("["),
            let level = cursor.text(from: start, upTo: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "]") })
        else { return (local, offset, nil, nil) }
        return (local, offset, level, start)
    }

    /// Splits a report's entries by level, keeping the `"... and N more"` marker as a flag.
    static func split(_ entries: [String]) -> ParsedRun.Logs {
        var logs = ParsedRun.Logs()
        var body = entries[...]
        if let last = body.last, let omitted = truncationCount(last) {
            logs.truncated = true
            logs.omittedLines = omitted
            body = body.dropLast()
        }
        var order = ""
        order.reserveCapacity(body.count)
        // Nearly every entry is a message: grown from empty, the list was reallocated five times
        // for a report's twenty lines. The room left for warnings and errors is a few slots.
        logs.messages.reserveCapacity(body.count)
        for entry in body {
            switch ReportLogLine(entry).level {
            case .message:
                logs.messages.append(entry)
                order.append("M")
            case .warning:
                logs.warnings.append(entry)
                order.append("W")
            case .error:
                logs.errors.append(entry)
                order.append("E")
            }
        }
        logs.order = order
        return logs
    }

    /// N from Duplicati's final `"... and N more"` entry (written when send-http-max-log-lines cut the list).
    static func truncationCount(_ entry: String) -> Int64? {
        let prefix = "... and "
        let suffix = " more"
        guard entry.hasPrefix(prefix), entry.hasSuffix(suffix), entry.count > prefix.count + suffix.count else {
            return nil
        }
        let digits = entry.dropFirst(prefix.count).dropLast(suffix.count)
        return ReportText.digits(digits, maxLength: 18)
    }
}

extension ReportByteCursor {
    /// Consumes the culture's time separator: ':' almost everywhere, '.' in e.g. fi-FI.
    mutating func skipTimeSeparator() -> Bool {
        skip(":") || skip(".")
    }
}
