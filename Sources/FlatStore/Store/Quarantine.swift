import FoundationEssentials

/// A damaged span of a data file, as recorded in `quarantine.jsonl`.
public struct QuarantinedSpan: Sendable, Hashable, Codable {
    /// The file the bytes were found in.
    public var file: String
    /// Their offset in that file.
    public var offset: UInt64
    /// How many bytes.
    public var length: UInt64
    /// Why they were set aside (`checksum mismatch`, `torn tail`, …).
    public var reason: String
}

/// Appends damaged lines to `quarantine.jsonl` (with their exact bytes in base64), once each.
///
/// Bad lines are never loaded as data and never silently dropped: the file keeps what was found,
/// where, and why, for a person to inspect or restore.
struct Quarantine {
    let fileSystem: any StoreFileSystem
    private(set) var known: Set<QuarantinedSpan> = []

    /// Loads the spans already recorded, so reopening does not record them twice.
    init(fileSystem: any StoreFileSystem) throws {
        self.fileSystem = fileSystem
        guard try fileSystem.listFiles().contains(DataFileName.quarantine) else { return }
        let handle = try fileSystem.open(DataFileName.quarantine, mode: .read)
        defer { fileSystem.close(handle) }
        let decoder = JSONDecoder()
        var known: Set<QuarantinedSpan> = []
        _ = try LineReader(fileSystem: fileSystem, handle: handle).forEachLine(from: 0) { line, _ in
            if SealedLine.isIntact(line), let span = try? decoder.decode(QuarantinedSpan.self, from: Data(line)) {
                known.insert(span)
            }
            return true
        }
        self.known = known
    }

    /// Records spans not seen before and makes them durable; returns the new ones.
    mutating func record(_ spans: [(QuarantinedSpan, [UInt8])]) throws -> [QuarantinedSpan] {
        var bytes: [UInt8] = []
        var added: [QuarantinedSpan] = []
        let now = Date().formatted(.iso8601)
        for (span, raw) in spans where !known.contains(span) {
            known.insert(span)
            added.append(span)
            var members: [UInt8] = []
            members.append(contentsOf: #""file":"#.utf8)
            JSONText.appendString(span.file, to: &members)
            members.append(contentsOf: ",\"foundAt\":".utf8)
            JSONText.appendString(now, to: &members)
            members.append(contentsOf: ",\"length\":\(span.length),\"offset\":\(span.offset),\"rawBase64\":".utf8)
            JSONText.appendString(Data(raw).base64EncodedString(), to: &members)
            members.append(contentsOf: #","reason":"#.utf8)
            JSONText.appendString(span.reason, to: &members)
            members.append(contentsOf: #","text":"#.utf8)
            JSONText.appendString(String(decoding: raw.prefix(4096), as: UTF8.self), to: &members)
            members.append(UInt8(ascii: "}"))
            bytes.append(contentsOf: SealedLine.seal(members: members))
            bytes.append(0x0A)
        }
        guard !bytes.isEmpty else { return [] }
        let handle = try fileSystem.open(DataFileName.quarantine, mode: .appendOrCreate)
        defer { fileSystem.close(handle) }
        // A crash can leave the last entry without its newline; end it, so this one stays readable.
        let size = try fileSystem.size(handle)
        if size > 0, try LineReader.read(fileSystem, handle, at: size - 1, length: 1) != [0x0A] {
            bytes.insert(0x0A, at: 0)
        }
        try bytes.withUnsafeBytes { try fileSystem.append(handle, $0) }
        try fileSystem.sync(handle)
        try fileSystem.syncDirectory()
        return added
    }
}
