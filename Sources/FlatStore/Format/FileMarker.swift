import FoundationEssentials

/// The first and last lines of a data file, which say where the file sits in the sequence of
/// records, so that a missing, shortened or partly copied file is noticed instead of looking complete.
///
/// ```
/// {"_crc":"…","first":120,"format":2,"kind":"log","segment":5}      first line of log-000005
/// {"_crc":"…","covers":4,"created":"2026-12-02T10:00:00.000Z","format":2,"kind":"base","next":120}
/// {"_crc":"…","count":97,"kind":"end"}                                last line of a base
/// ```
///
/// A log has no end line: a copy taken while a segment is being closed legitimately holds the closed
/// one without its successor, and that copy must still open as complete.
enum FileMarker: Equatable {
    /// The current on-disk format; files written before markers existed have none (format 1).
    static let format = 2

    /// Log segment `segment` holds records from sequence number `firstSequence` on.
    case logStart(segment: UInt32, firstSequence: UInt64)
    /// A base holding the live records of every log up to `covers`, written at `created`; the log
    /// after it starts at sequence number `nextSequence`.
    case baseStart(covers: UInt32, nextSequence: UInt64, created: Date)
    /// The base is complete and holds `count` record lines.
    case baseEnd(count: Int)

    /// The sealed line (without newline).
    var line: [UInt8] {
        let members: String
        switch self {
        case .logStart(let segment, let first):
            members = "\"first\":\(first),\"format\":\(Self.format),\"kind\":\"log\",\"segment\":\(segment)}"
        case .baseStart(let covers, let next, let created):
            let stamp = created.formatted(Self.timestamp)
            members = "\"covers\":\(covers),\"created\":\"\(stamp)\",\"format\":\(Self.format),\"kind\":\"base\",\"next\":\(next)}"
        case .baseEnd(let count):
            members = "\"count\":\(count),\"kind\":\"end\"}"
        }
        return SealedLine.seal(members: Array(members.utf8))
    }

    /// Whether an intact line is a marker rather than a record (records start with `at` or `c`).
    static func isMarker(_ line: UnsafeRawBufferPointer) -> Bool {
        var scanner = JSONScanner(line, position: SealedLine.prefixLength)
        guard let name = try? scanner.readString() else { return false }
        return name != "at" && name != "c"
    }

    /// Parses an intact marker line; nil when it is not one this version understands.
    static func parse(_ line: UnsafeRawBufferPointer) -> FileMarker? {
        var scanner = JSONScanner(line, position: SealedLine.prefixLength)
        var values: [String: IndexValue] = [:]
        do {
            repeat {
                let name = try scanner.readString()
                try scanner.expect(UInt8(ascii: ":"))
                values[name] = try scanner.readScalar()
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"))
        } catch {
            return nil
        }
        func number(_ name: String) -> UInt64? {
            if case .int(let value)? = values[name], value >= 0 { return UInt64(value) }
            return nil
        }
        switch values["kind"] {
        case .string("log")?:
            guard let segment = number("segment"), segment < 1 << 31, let first = number("first") else { return nil }
            return .logStart(segment: UInt32(segment), firstSequence: first)
        case .string("base")?:
            guard let covers = number("covers"), covers < 1 << 31, let next = number("next"),
                case .string(let stamp)? = values["created"], let created = try? timestamp.parse(stamp)
            else { return nil }
            return .baseStart(covers: UInt32(covers), nextSequence: next, created: created)
        case .string("end")?:
            return number("count").map { .baseEnd(count: Int(clamping: $0)) }
        default:
            return nil
        }
    }

    /// How markers and snapshot headers write times: ISO 8601 UTC with milliseconds.
    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
