/// Why a body is not valid JSON; the byte offset lets a user find the spot in what they sent.
package struct ReportJSONError: Error, Equatable, Sendable {
    /// Byte offset into the body where parsing stopped.
    let offset: Int
    /// What was wrong there, in words.
    let reason: String
}

/// A strict RFC 8259 parser over the raw body bytes.
///
/// Hand-written rather than JSONDecoder because it keeps 64-bit integers exact, caps nesting depth
/// (so a hostile `[[[[…` cannot overflow the stack), rejects invalid UTF-8 instead of repairing
/// it, and needs no Codable round trip on the ingest hot path.
package struct ReportJSONParser {
    /// Deeper documents are rejected; Duplicati's reports nest about 6 levels.
    static let maxDepth = 128
    /// Room for a container's entries before its array grows. Duplicati's objects have 2 to 36
    /// members and its `LogLines` usually 15 to 25 lines; grown from empty, a report's nine
    /// objects took 32 allocations to grow in each upload, and its log lines five or six.
    static let containerCapacity = 16
    /// How many containers of a body get that room: a report has about a dozen, while a hostile
    /// body of 16 MiB of `{"a":1}` would otherwise hold two million arrays nine times their size.
    static let roomyContainers = 32

    let bytes: [UInt8]
    var index = 0
    /// How many containers enclose the current position.
    var depth = 0
    /// The deepest nesting reached within the value being parsed (see `parseMember`).
    var deepest = 0
    /// Object values parsed so far that a repeat may share (`ReportJSONParser+RepeatedObjects`).
    var repeatable: [RepeatedObject] = []
    /// Long member values read so far that a repeat may share (`ReportJSONParser+RepeatedStrings`).
    var repeatableStrings: [RepeatedString] = []
    /// Containers given `containerCapacity` so far.
    private var containersGivenRoom = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one JSON document (surrounding whitespace and a UTF-8 BOM allowed).
    package static func parse(_ bytes: [UInt8]) throws(ReportJSONError) -> ReportJSON {
        var parser = ReportJSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected data after the end of the JSON document")
        }
        return value
    }

    /// An error at the current position.
    func error(_ reason: String) -> ReportJSONError {
        ReportJSONError(offset: index, reason: reason)
    }

    /// The byte at the current position, or nil at the end of input.
    var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    mutating func parseValue() throws(ReportJSONError) -> ReportJSON {
        guard let byte = current else { throw error("unexpected end of the body") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString(.element))
        case UInt8(ascii: "t"): return try parseLiteral("true", value: .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", value: .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func parseLiteral(_ word: String, value: ReportJSON) throws(ReportJSONError) -> ReportJSON {
        for expected in word.utf8 {
            guard current == expected else { throw error("invalid literal, expected \(word)") }
            index += 1
        }
        return value
    }

    private mutating func enterContainer() throws(ReportJSONError) {
        depth += 1
        if depth > Self.maxDepth { throw error("JSON nested more than \(Self.maxDepth) levels deep") }
        deepest = max(deepest, depth)
        index += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(ReportJSONError) -> ReportJSON {
        try enterContainer()
        var members: [ReportObject.Member] = []
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(ReportObject())
        }
        makeRoom(in: &members)
        while true {
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
            let key = try parseString(.name)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            members.append(ReportObject.Member(key, try parseMember(key)))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if current == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                // A repeated key keeps its last value, as JavaScript's JSON.parse does.
                return .object(ReportObject(members))
            } else {
                throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// Gives a non-empty container's entries `containerCapacity` while the body's budget lasts.
    private mutating func makeRoom<Entry>(in entries: inout [Entry]) {
        guard containersGivenRoom < Self.roomyContainers else { return }
        containersGivenRoom += 1
        entries.reserveCapacity(Self.containerCapacity)
    }

    private mutating func parseArray() throws(ReportJSONError) -> ReportJSON {
        try enterContainer()
        var elements: [ReportJSON] = []
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        makeRoom(in: &elements)
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if current == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']' in an array")
            }
        }
    }
}
