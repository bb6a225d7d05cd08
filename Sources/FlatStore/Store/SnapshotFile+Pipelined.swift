extension SnapshotFile {
    /// Which thread parses a batch of entry lines: open shares by backlog; tests pin one.
    enum ParseSharing {
        case byBacklog, readingThread, applyingThread
    }

    /// Reads a snapshot like `read`, on a second thread while `body` applies the entries on this one,
    /// in batches: open time at a million records is reading plus applying, and they overlap.
    ///
    /// Parsing the entry lines is shared: the reading thread parses a batch itself while the
    /// applying one is behind (more than one batch waits in the pipe), and otherwise hands the
    /// lines over unparsed, so neither thread idles while the other has work (inflating alone is
    /// about half of reading).
    static func readPipelined(
        _ fileSystem: any StoreFileSystem,
        name: String,
        header headerBody: @escaping @Sendable (Header) throws -> Void,
        sharing: ParseSharing = .byBacklog,
        prepare: (Header) -> Void,
        entries body: ([Entry]) throws -> Void
    ) throws -> Header {
        let pipe = BoundedPipe<PipelinedBatch>(capacity: 8)
        let outcome = Locked<Result<Header, any Error>?>(nil)
        DedicatedThread.start(named: "store-read") {
            var batch = PipelinedBatch.Builder(name: name)
            let result = Result {
                try readLines(
                    fileSystem,
                    name: name,
                    header: { header in
                        try headerBody(header)
                        _ = pipe.push(.header(header))
                    },
                    entryLine: { line in
                        if batch.isEmpty {
                            switch sharing {
                            // The batch just pushed is often still in the pipe while the
                            // applying thread wakes up to take it: only more than one waiting
                            // means that thread is behind.
                            case .byBacklog: batch.parsesHere = pipe.backlog > 1
                            case .readingThread: batch.parsesHere = true
                            case .applyingThread: batch.parsesHere = false
                            }
                        }
                        try batch.append(line)
                        if batch.isFull {
                            guard pipe.push(batch.take()) else { throw Unusable(description: "\(name): loading cancelled") }
                        }
                    }
                )
            }
            if case .success = result, !batch.isEmpty { _ = pipe.push(batch.take()) }
            outcome.withLock { $0 = result }
            pipe.close()
        }
        do {
            var parser = EntryParser()
            var parsed: [Entry] = []
            while let item = pipe.pop() {
                switch item {
                case .header(let header): prepare(header)
                case .entries(let batch): try body(batch)
                case .lines(let text):
                    parsed.removeAll(keepingCapacity: true)
                    try text.withUnsafeBytes { raw in
                        var start = 0
                        while let end = newline(in: raw, from: start) {
                            parsed.append(try parser.entry(UnsafeRawBufferPointer(rebasing: raw[start..<end]), snapshot: name))
                            start = end + 1
                        }
                    }
                    try body(parsed)
                }
            }
        } catch {
            pipe.cancel()
            while pipe.pop() != nil {}
            throw error
        }
        // The producer stores its outcome before closing the pipe, so it is set once the pipe drains.
        guard let result = outcome.withLock({ $0 }) else { throw Unusable(description: "\(name): incomplete snapshot") }
        return try result.get()
    }
}

/// What the reading thread of `SnapshotFile.readPipelined` hands to the applying one.
enum PipelinedBatch: Sendable {
    case header(SnapshotFile.Header)
    /// Entries parsed by the reading thread.
    case entries([SnapshotFile.Entry])
    /// Checked entry lines, each ending in a newline, for the applying thread to parse.
    case lines([UInt8])

    /// Collects entry lines into a batch, parsed or not.
    struct Builder {
        private static let capacity = 4096
        let name: String
        /// Whether this batch's lines are parsed on the reading thread.
        var parsesHere = true
        private var parser = SnapshotFile.EntryParser()
        private var entries: [SnapshotFile.Entry] = []
        private var text: [UInt8] = []
        private var count = 0

        init(name: String) {
            self.name = name
        }

        var isEmpty: Bool { count == 0 }
        var isFull: Bool { count == Self.capacity }

        mutating func append(_ line: UnsafeRawBufferPointer) throws {
            if count == 0 {
                if parsesHere { entries.reserveCapacity(Self.capacity) } else { text.reserveCapacity(Self.capacity * 256) }
            }
            if parsesHere {
                entries.append(try parser.entry(line, snapshot: name))
            } else {
                text.append(contentsOf: line)
                text.append(0x0A)
            }
            count += 1
        }

        /// The batch so far; the builder starts empty again.
        mutating func take() -> PipelinedBatch {
            defer {
                count = 0
                entries = []
                text = []
            }
            return parsesHere ? .entries(entries) : .lines(text)
        }
    }
}
