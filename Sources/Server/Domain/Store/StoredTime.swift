/// A time in a stored record's body, written as ISO 8601 UTC with milliseconds
/// (`"2025-11-16T02:00:00.441Z"`, the API's own form) so that `grep 2025-11-16` finds a day's
/// records in the data directory; index fields stay epoch milliseconds.
///
/// Bodies written before this were epoch milliseconds, and are still read.
@propertyWrapper
struct StoredTime: Codable, Sendable, Equatable {
    /// Epoch milliseconds (UTC).
    var wrappedValue: Int64

    /// The time `wrappedValue`.
    init(wrappedValue: Int64) {
        self.wrappedValue = wrappedValue
    }

    /// Reads the ISO text, or the epoch milliseconds of older bodies.
    init(from decoder: any Decoder) throws {
        wrappedValue = try Self.milliseconds(in: decoder.singleValueContainer())
    }

    /// Writes the ISO text.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ReportTimestamp.isoString(epochMilliseconds: wrappedValue))
    }

    /// The instant of one stored time value, in either form.
    static func milliseconds(in container: any SingleValueDecodingContainer) throws -> Int64 {
        // Strings first: every body written now holds them, so only old bodies pay for a failed attempt.
        if let text = try? container.decode(String.self) {
            guard let stamp = ReportTimestamp.parseISO(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text.prefix(40))' is not an ISO 8601 time")
            }
            return stamp.epochMilliseconds
        }
        return try container.decode(Int64.self)
    }
}

/// An optional `StoredTime`: absent from the body when nil, as before.
@propertyWrapper
struct StoredOptionalTime: Codable, Sendable, Equatable {
    /// Epoch milliseconds (UTC), or nil.
    var wrappedValue: Int64?

    /// The time `wrappedValue`.
    init(wrappedValue: Int64?) {
        self.wrappedValue = wrappedValue
    }

    /// Reads the ISO text, the epoch milliseconds of older bodies, or null.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try StoredTime.milliseconds(in: container)
    }

    /// Writes the ISO text, or null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(ReportTimestamp.isoString(epochMilliseconds: wrappedValue))
        } else {
            try container.encodeNil()
        }
    }
}

/// A list of `StoredTime`s.
@propertyWrapper
struct StoredTimes: Codable, Sendable, Equatable {
    /// Epoch milliseconds (UTC).
    var wrappedValue: [Int64]

    /// The times `wrappedValue`.
    init(wrappedValue: [Int64]) {
        self.wrappedValue = wrappedValue
    }

    /// Reads a list of ISO texts or epoch milliseconds.
    init(from decoder: any Decoder) throws {
        wrappedValue = try [StoredTime](from: decoder).map(\.wrappedValue)
    }

    /// Writes the ISO texts.
    func encode(to encoder: any Encoder) throws {
        try wrappedValue.map(StoredTime.init(wrappedValue:)).encode(to: encoder)
    }
}

extension KeyedDecodingContainer {
    /// An absent key is a nil time, as for a plain optional.
    func decode(_ type: StoredOptionalTime.Type, forKey key: Key) throws -> StoredOptionalTime {
        try decodeIfPresent(type, forKey: key) ?? StoredOptionalTime(wrappedValue: nil)
    }
}

extension KeyedEncodingContainer {
    /// A nil time is left out of the body, as for a plain optional.
    mutating func encode(_ value: StoredOptionalTime, forKey key: Key) throws {
        guard let time = value.wrappedValue else { return }
        try encode(StoredTime(wrappedValue: time), forKey: key)
    }
}
