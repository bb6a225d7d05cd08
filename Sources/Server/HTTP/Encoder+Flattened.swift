extension Encoder {
    /// Writes `base`'s members at this object's top level and `members` beside them: the API
    /// extends a view with a few fields (a run with its logs, a job with its overdue verdict, a
    /// server with its statistics) without nesting it.
    func encodeFlattened(_ base: some Encodable, adding members: KeyValuePairs<String, (any Encodable)?>) throws {
        try base.encode(to: self)
        var container = container(keyedBy: MemberKey.self)
        for (name, value) in members {
            if let value { try container.encode(value, forKey: MemberKey(name)) }
        }
    }
}

/// A member name chosen at run time.
private struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
