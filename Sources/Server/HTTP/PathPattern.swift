/// A route's path pattern split into segments (`:name` marks a parameter), to match request
/// paths without splitting the pattern each time.
struct PathPattern: Sendable {
    /// The pattern's segments.
    let segments: [Substring]
    /// How many segments of the pattern are literal rather than parameters.
    let literalSegments: Int

    /// Splits `path`, e.g. `/servers/:serverId`.
    init(_ path: String) {
        segments = path.split(separator: "/")
        literalSegments = segments.filter { !$0.hasPrefix(":") }.count
    }

    /// Whether `path` is `prefix` followed by this pattern, parameters matching any one segment.
    func matches(_ path: PathSegments, below prefix: [Substring] = []) -> Bool {
        var actual = path.makeIterator()
        for expected in prefix {
            guard actual.next() == expected else { return false }
        }
        for expected in segments {
            guard let segment = actual.next(), expected.hasPrefix(":") || expected == segment else { return false }
        }
        return actual.next() == nil
    }
}
