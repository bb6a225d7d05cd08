import FoundationEssentials
import Zlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The index snapshot format: a gzip file of sealed JSON lines — a header, one line per live record
/// (collection, key, index fields, location), and a footer with the count.
///
/// It holds no bodies, so open rebuilds every index without decoding one, and `zcat | jq` reads it.
enum SnapshotFile {
    /// 2 since entries stopped repeating each line's sequence number (an older binary refuses it
    /// and replays the log instead); format 1 snapshots are still read.
    static let format = 2
    private static let readableFormats: [IndexValue] = [.int(1), .int(2)]

    /// Where the state in a snapshot stands.
    struct Header: Sendable {
        /// The compacted base its locations point into (0 when there is none).
        var base: UInt32
        /// Replay resumes here.
        var replay: LogPosition
        /// The highest sequence number the state had seen.
        var lastSequence: UInt64
        /// About how many records each collection holds (a hint to size the indexes on load;
        /// written as `"count.<collection>"`).
        var counts: [String: Int] = [:]
        /// When it was written (snapshots from before this field have none).
        var created: Date?
    }

    /// A snapshot is unusable (torn, corrupt, or from another base); open falls back to replay.
    struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    /// Streams a snapshot into a temporary file, then publishes it atomically and durably.
    final class Writer {
        private let fileSystem: any StoreFileSystem
        private let name: String
        private let handle: StoreFileHandle
        private let compressor = GzipCompressor(level: 1)
        private var pending: [UInt8] = []
        private var members: [UInt8] = []
        private(set) var count = 0

        init(fileSystem: any StoreFileSystem, header: Header) throws {
            self.fileSystem = fileSystem
            name = DataFileName.snapshot(file: header.replay.file, offset: header.replay.offset)
            try? fileSystem.remove(name + DataFileName.temporarySuffix)
            handle = try fileSystem.open(name + DataFileName.temporarySuffix, mode: .createNew)
            var line: [UInt8] = Array("\"base\":\(header.base),".utf8)
            // Sorted keys: "count.*" sorts between "base" and "format".
            for (collection, count) in header.counts.sorted(by: { $0.key < $1.key }) {
                JSONText.appendString("count." + collection, to: &line)
                line.append(contentsOf: ":\(count),".utf8)
            }
            if let created = header.created {
                line.append(contentsOf: #""created":"#.utf8)
                JSONText.appendString(created.formatted(FileMarker.timestamp), to: &line)
                line.append(UInt8(ascii: ","))
            }
            line.append(
                contentsOf: ("\"format\":\(format),\"kind\":\"header\",\"replayFile\":\(header.replay.file),"
                    + "\"replayOffset\":\(header.replay.offset),\"seq\":\(header.lastSequence)}").utf8
            )
            try emit(line)
        }

        /// Adds one live record.
        func add(collection: String, key: String, fields: IndexFields, location: RecordLocation) throws {
            members.removeAll(keepingCapacity: true)
            members.append(contentsOf: #""c":"#.utf8)
            JSONText.appendString(collection, to: &members)
            members.append(contentsOf: ",\"f\":\(location.file.packed),\"i\":".utf8)
            fields.appendJSON(to: &members)
            members.append(contentsOf: #","k":"#.utf8)
            JSONText.appendString(key, to: &members)
            members.append(contentsOf: ",\"l\":\(location.length),\"o\":\(location.offset)}".utf8)
            try emit(members)
            count += 1
        }

        /// Writes the footer, flushes, and renames the file into place (temp → fsync → rename → fsync dir).
        func publish() throws -> String {
            try emit(Array("\"count\":\(count),\"kind\":\"end\"}".utf8))
            compressor.finish(into: &pending)
            try flush()
            try fileSystem.sync(handle)
            fileSystem.close(handle)
            try fileSystem.rename(name + DataFileName.temporarySuffix, to: name)
            try fileSystem.syncDirectory()
            return name
        }

        /// Abandons the temporary file.
        func discard() {
            fileSystem.close(handle)
            try? fileSystem.remove(name + DataFileName.temporarySuffix)
        }

        private func emit(_ members: [UInt8]) throws {
            var line = SealedLine.seal(members: members)
            line.append(0x0A)
            line.withUnsafeBytes { compressor.compress($0, into: &pending) }
            if pending.count >= 1 << 20 { try flush() }
        }

        private func flush() throws {
            try pending.withUnsafeBytes { try fileSystem.append(handle, $0) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// One record line of a snapshot.
    struct Entry {
        var collection: String
        var key: String
        var fields: IndexFields
        var location: RecordLocation
    }

    /// Reads only a snapshot's header line.
    static func readHeader(_ fileSystem: any StoreFileSystem, name: String) throws -> Header {
        let handle = try fileSystem.open(name, mode: .read)
        defer { fileSystem.close(handle) }
        let decompressor = GzipDecompressor()
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset: UInt64 = 0
        while !text.contains(0x0A) {
            let read = try chunk.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: offset) }
            guard read > 0 else { throw Unusable(description: "\(name): incomplete snapshot") }
            offset += UInt64(read)
            do {
                try chunk.withUnsafeBytes { try decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[0..<read]), into: &text) }
            } catch {
                throw Unusable(description: "\(name): not a valid gzip stream")
            }
        }
        let line = text[..<(text.firstIndex(of: 0x0A) ?? text.endIndex)]
        return try line.withUnsafeBytes { raw in
            guard SealedLine.isIntact(raw) else { throw Unusable(description: "\(name): checksum mismatch") }
            return try parseHeader(raw, name: name)
        }
    }

    /// Reads a snapshot, calling `body` for each record; throws `Unusable` unless every line, the
    /// footer and the gzip stream's end check out.
    static func read(
        _ fileSystem: any StoreFileSystem,
        name: String,
        header headerBody: (Header) throws -> Void,
        entry body: (Entry) throws -> Void
    ) throws -> Header {
        var parser = EntryParser()
        return try readLines(fileSystem, name: name, header: headerBody) { line in
            try body(try parser.entry(line, snapshot: name))
        }
    }

    /// Reads a snapshot's lines: checks each one's checksum, parses the header, hands every entry
    /// line over unparsed, and checks the footer's count; throws `Unusable` unless every line, the
    /// footer and the gzip stream's end check out.
    ///
    /// Every line's own checksum is checked, so the gzip trailer's CRC-32 of the same bytes is not
    /// computed: one pass over the text instead of two.
    static func readLines(
        _ fileSystem: any StoreFileSystem,
        name: String,
        header headerBody: (Header) throws -> Void,
        entryLine: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Header {
        let handle = try fileSystem.open(name, mode: .read)
        defer { fileSystem.close(handle) }
        let decompressor = GzipDecompressor(checksTrailer: false)
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset: UInt64 = 0
        var header: Header?
        var count = 0
        while true {
            let read = try chunk.withUnsafeMutableBytes { try fileSystem.read(handle, into: $0, at: offset) }
            if read == 0 { break }
            offset += UInt64(read)
            do {
                try chunk.withUnsafeBytes { try decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[0..<read]), into: &text) }
            } catch {
                throw Unusable(description: "\(name): not a valid gzip stream")
            }
            var consumed = 0
            try text.withUnsafeBytes { raw in
                guard var end = Self.newline(in: raw, from: 0) else { return }
                if header == nil {
                    let parsed = try checked(UnsafeRawBufferPointer(rebasing: raw[..<end]), name: name) { try parseHeader($0, name: name) }
                    try headerBody(parsed)
                    header = parsed
                    consumed = end + 1
                    guard let next = Self.newline(in: raw, from: consumed) else { return }
                    end = next
                }
                // The footer is the last line: a line is an entry once another one follows it.
                while let following = Self.newline(in: raw, from: end + 1) {
                    try checked(UnsafeRawBufferPointer(rebasing: raw[consumed..<end]), name: name, entryLine)
                    count += 1
                    consumed = end + 1
                    end = following
                }
            }
            text.removeFirst(consumed)
        }
        guard let header, decompressor.finished, let end = text.firstIndex(of: 0x0A), end == text.count - 1 else {
            throw Unusable(description: "\(name): incomplete snapshot")
        }
        let footerCount = try text.withUnsafeBytes { raw in
            try checked(UnsafeRawBufferPointer(rebasing: raw[..<end]), name: name) { try parseFooter($0) }
        }
        guard footerCount == count else { throw Unusable(description: "\(name): record count does not match the footer") }
        return header
    }

    /// `body` of `line` once its checksum matched.
    private static func checked<T>(
        _ line: UnsafeRawBufferPointer,
        name: String,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        guard SealedLine.isIntact(line) else { throw Unusable(description: "\(name): checksum mismatch") }
        return try body(line)
    }

    /// The position of the first newline in `raw` at or after `start`.
    static func newline(in raw: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < raw.count, let base = raw.baseAddress,
            let found = memchr(base + start, 0x0A, raw.count - start)
        else { return nil }
        return base.distance(to: found)
    }

    private static func fields(_ line: UnsafeRawBufferPointer) throws -> [String: IndexValue] {
        var scanner = JSONScanner(line, position: SealedLine.prefixLength)
        var values: [String: IndexValue] = [:]
        repeat {
            let name = try scanner.readString()
            try scanner.expect(UInt8(ascii: ":"))
            values[name] = try scanner.readScalar()
        } while scanner.consume(UInt8(ascii: ","))
        return values
    }

    private static func parseHeader(_ line: UnsafeRawBufferPointer, name: String) throws -> Header {
        let values = try fields(line)
        guard values["kind"] == .string("header"), readableFormats.contains(values["format"] ?? .null),
            case .int(let base)? = values["base"], case .int(let file)? = values["replayFile"],
            case .int(let offset)? = values["replayOffset"], case .int(let sequence)? = values["seq"],
            base >= 0, file > 0, offset >= 0, sequence >= 0
        else { throw Unusable(description: "\(name): bad header") }
        var counts: [String: Int] = [:]
        for (key, value) in values where key.hasPrefix("count.") {
            if case .int(let count) = value, count >= 0 { counts[String(key.dropFirst(6))] = Int(clamping: count) }
        }
        var created: Date?
        if case .string(let stamp)? = values["created"] { created = try? FileMarker.timestamp.parse(stamp) }
        return Header(
            base: UInt32(clamping: base),
            replay: LogPosition(file: UInt32(clamping: file), offset: UInt64(offset)),
            lastSequence: UInt64(sequence),
            counts: counts,
            created: created
        )
    }

    private static func parseFooter(_ line: UnsafeRawBufferPointer) throws -> Int {
        let values = try fields(line)
        guard values["kind"] == .string("end"), case .int(let count)? = values["count"] else { return -1 }
        return Int(count)
    }
}
