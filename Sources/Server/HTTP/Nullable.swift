/// An optional that is written as JSON `null` when absent, where the contract lists the key
/// (synthesised `Encodable` leaves nil optionals out).
struct Nullable<Wrapped: Encodable & Sendable>: Encodable, Sendable {
    /// The value, or nil for `null`.
    var value: Wrapped?

    /// Wraps `value`.
    init(_ value: Wrapped?) {
        self.value = value
    }

    /// Writes the value, or `null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
