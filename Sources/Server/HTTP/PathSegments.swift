/// The segments of a request path between its slashes, empty ones skipped, read in place: a
/// route table that matches every request against them allocates nothing for it.
struct PathSegments: Sequence, Sendable {
    /// The path being read.
    let path: Substring

    /// The segments of `path` (`"//api/upload/"` has two: `api` and `upload`).
    init(_ path: String) {
        self.path = path[...]
    }

    /// Reads the segments from the start.
    func makeIterator() -> Iterator {
        Iterator(rest: path)
    }

    /// Reads one segment after the other.
    struct Iterator: IteratorProtocol {
        /// What is left of the path.
        var rest: Substring

        /// The next non-empty segment; nil at the end.
        mutating func next() -> Substring? {
            // By Character, as Hummingbird's router splits: a "/" that a combining mark follows is
            // part of a larger character and does not end a segment.
            while let slash = rest.firstIndex(of: "/") {
                let segment = rest[..<slash]
                rest = rest[rest.index(after: slash)...]
                if !segment.isEmpty { return segment }
            }
            guard !rest.isEmpty else { return nil }
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
    }
}
