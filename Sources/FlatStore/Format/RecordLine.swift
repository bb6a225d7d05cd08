/// What a log line does to its key.
enum RecordOperation: String, Sendable {
    case put
    case delete = "del"
}

/// The parsed header of one log line: everything but the body, which is only sliced.
struct RecordHeader {
    var collection: String
    var key: String
    var operation: RecordOperation
    var sequence: UInt64
    /// This line's position in its batch (0 for the first or a lone write).
    var at = 0
    /// How many lines after this one belong to the same batch (0 for the last or a lone write).
    var more: Int
    /// On the first line of each commit group: every byte of the segment before this offset was
    /// on stable storage when the group was written (see `LogReplay`).
    var sync: UInt64?
    var fields: IndexFields
    /// The body's byte range within the line, for puts.
    var bodyRange: Range<Int>?
}

/// Encodes and decodes record lines:
/// `{"_crc":"…","at":1,"c":"notes","i":{…},"k":"key","more":2,"op":"put","seq":17,"sync":4096,"v":{…}}`.
///
/// Keys are in sorted order, so the line is canonical JSON; the body `v` is always last, so a
/// reader can take everything it needs from the short header and slice the body without parsing it.
/// `at` and `more` (each left out when 0) place a line in its batch, so recovery can tell a whole
/// batch from a torn one; `sync` is written by the committer on the first line of a commit group.
enum RecordLine {
    /// A mutation encoded up to its sequence number, which the committer assigns in log order.
    struct Pending: Sendable {
        /// `"at":…,"c":…,"i":…,"k":…,"more":…,"op":…,` — the members before `seq`.
        var head: [UInt8]
        /// The body of a put, as the writer encoded it; nil for a delete.
        var body: [UInt8]?

        /// Appends the complete line (without newline) to `buffer` once `sequence` is known, and
        /// returns its length; `sync` marks the first line of a commit group with the segment's
        /// durable size. Sealed where it lies: the body is copied once, into the buffer written out.
        func appendSealed(to buffer: inout [UInt8], sequence: UInt64, sync: UInt64?) -> Int {
            SealedLine.append(to: &buffer) { members in
                members.append(contentsOf: head)
                members.append(contentsOf: #""seq":"#.utf8)
                JSONText.appendDecimal(sequence, to: &members)
                if let sync {
                    members.append(contentsOf: #","sync":"#.utf8)
                    JSONText.appendDecimal(sync, to: &members)
                }
                if let body {
                    members.append(contentsOf: #","v":"#.utf8)
                    members.append(contentsOf: body)
                }
                members.append(UInt8(ascii: "}"))
            }
        }
    }

    /// Encodes everything of a mutation except its sequence number.
    static func pending(
        collection: String,
        key: String,
        operation: RecordOperation,
        fields: IndexFields?,
        at: Int,
        more: Int,
        body: [UInt8]?
    ) -> Pending {
        var head: [UInt8] = []
        head.reserveCapacity(96)
        if at > 0 {
            head.append(contentsOf: #""at":"#.utf8)
            JSONText.appendDecimal(Int64(at), to: &head)
            head.append(UInt8(ascii: ","))
        }
        head.append(contentsOf: #""c":"#.utf8)
        JSONText.appendString(collection, to: &head)
        if let fields, operation == .put {
            head.append(contentsOf: #","i":"#.utf8)
            fields.appendJSON(to: &head)
        }
        head.append(contentsOf: #","k":"#.utf8)
        JSONText.appendString(key, to: &head)
        if more > 0 {
            head.append(contentsOf: #","more":"#.utf8)
            JSONText.appendDecimal(Int64(more), to: &head)
        }
        head.append(contentsOf: ",\"op\":\"\(operation.rawValue)\",".utf8)
        return Pending(head: head, body: operation == .put ? body : nil)
    }

    /// Parses the header of an intact line (checked with `SealedLine.isIntact` first).
    static func header(of line: UnsafeRawBufferPointer) throws(JSONScanner.Failure) -> RecordHeader {
        var scanner = JSONScanner(line, position: SealedLine.prefixLength)
        var header = RecordHeader(
            collection: "",
            key: "",
            operation: .put,
            sequence: 0,
            more: 0,
            fields: IndexFields(),
            bodyRange: nil
        )
        var sawCollection = false
        var sawKey = false
        var sawSequence = false
        repeat {
            let name = try scanner.readString()
            try scanner.expect(UInt8(ascii: ":"))
            switch name {
            case "c":
                header.collection = try scanner.readString()
                sawCollection = true
            case "k":
                header.key = try scanner.readString()
                sawKey = true
            case "i": header.fields = try scanner.readIndexFields()
            case "at": header.at = Int(clamping: try scanner.readUInt())
            case "more": header.more = Int(clamping: try scanner.readUInt())
            case "sync": header.sync = try scanner.readUInt()
            case "seq":
                header.sequence = try scanner.readUInt()
                sawSequence = true
            case "op":
                let raw = try scanner.readString()
                guard let operation = RecordOperation(rawValue: raw) else { throw scanner.fail("unknown op") }
                header.operation = operation
            case "v":
                scanner.skipWhitespace()
                // The body runs to the line's closing brace; it is never parsed here.
                header.bodyRange = scanner.position..<(line.count - 1)
                scanner.position = line.count - 1
            default: try scanner.skipValue()
            }
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))
        guard sawCollection, sawKey, sawSequence else { throw scanner.fail("missing c, k or seq") }
        if header.operation == .put, header.bodyRange == nil { throw scanner.fail("put without body") }
        return header
    }
}
