/// An arbitrary JSON value, for the free-form `details` of an error envelope.
enum JSONValue: Encodable, Sendable, Equatable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    /// Writes the value as the JSON it stands for.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    /// A string from a literal.
    init(stringLiteral value: String) { self = .string(value) }
    /// An integer from a literal.
    init(integerLiteral value: Int) { self = .integer(value) }
    /// An array from a literal.
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
