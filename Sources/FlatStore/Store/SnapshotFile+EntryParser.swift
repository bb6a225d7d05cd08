extension SnapshotFile {
    /// Parses a snapshot's entry lines, carrying from one line to the next what they repeat: the
    /// collection names and each collection's index field names are reused, not decoded again.
    struct EntryParser {
        /// Each collection seen so far, with the field names of its last entry.
        private var collections: [(name: String, fieldNames: FieldNames)] = []

        /// The entry on `line` of snapshot `name`; `Unusable` when it is not one.
        mutating func entry(_ line: UnsafeRawBufferPointer, snapshot name: String) throws -> Entry {
            do {
                return try parse(line)
            } catch {
                throw Unusable(description: "\(name): an entry line does not parse")
            }
        }

        /// The entry on `line`, a sealed line whose checksum the caller has dealt with.
        mutating func parse(_ line: UnsafeRawBufferPointer) throws -> Entry {
            var scanner = JSONScanner(line, position: SealedLine.prefixLength)
            var entry = Entry(
                collection: "",
                key: "",
                fields: IndexFields(),
                location: RecordLocation(file: .log(0), offset: 0, length: 0)
            )
            var collection: Int?
            var seen = 0
            repeat {
                // Canonical lines never escape these one-letter names: an escaped one is skipped.
                let (name, _) = try scanner.readStringText()
                try scanner.expect(UInt8(ascii: ":"))
                switch name.count == 1 ? name[0] : 0 {
                case UInt8(ascii: "c"):
                    collection = try readCollection(&scanner)
                    entry.collection = collections[collection ?? 0].name
                    seen |= 1
                case UInt8(ascii: "k"):
                    entry.key = try scanner.readString()
                    seen |= 2
                case UInt8(ascii: "i"):
                    if let collection {
                        entry.fields = try scanner.readIndexFields(names: &collections[collection].fieldNames)
                    } else {
                        entry.fields = try scanner.readIndexFields()
                    }
                case UInt8(ascii: "f"):
                    entry.location.file = FileID(packed: UInt32(clamping: try scanner.readUInt()))
                    seen |= 4
                case UInt8(ascii: "l"):
                    entry.location.length = UInt32(clamping: try scanner.readUInt())
                    seen |= 8
                case UInt8(ascii: "o"):
                    entry.location.offset = try scanner.readUInt()
                    seen |= 16
                // Format 1's per-entry "s" (the line's sequence) is skipped: only the header's is used.
                default: try scanner.skipValue()
                }
            } while scanner.consume(UInt8(ascii: ","))
            guard seen == 31 else { throw Unusable(description: "incomplete entry") }
            return entry
        }

        /// Reads a collection name; returns its position in `collections`, adding it when new.
        private mutating func readCollection(_ scanner: inout JSONScanner) throws -> Int {
            let start = scanner.position
            let (text, hasEscape) = try scanner.readStringText()
            if !hasEscape {
                if let index = collections.indices.first(where: { JSONScanner.spells(collections[$0].name, text) }) {
                    return index
                }
            }
            scanner.position = start
            let name = try scanner.readString()
            if let index = collections.firstIndex(where: { $0.name == name }) { return index }
            collections.append((name, FieldNames()))
            return collections.count - 1
        }
    }
}
