/// A JSON value as received in an upload, kept exactly (64-bit integers stay integers) so that
/// report fields we do not model yet can be stored and re-read later without loss.
package enum ReportJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Integral numbers that fit in 64 bits; Duplicati's sizes exceed 2^32, so Double is not enough.
    case int(Int64)
    /// Numbers with a fraction or exponent, or integers beyond 64 bits.
    case double(Double)
    case string(String)
    case array([ReportJSON])
    case object(ReportObject)

    /// The members when this is an object; nil otherwise.
    var objectValue: ReportObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array; nil otherwise.
    var arrayValue: [ReportJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text when this is a string; nil otherwise.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// True for JSON `null`, which Duplicati writes for unset properties.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short type name used in rejection messages ("expected a number, got a string").
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as a 64-bit integer when it is integral (`12` or `12.0`); nil otherwise.
    var int64Value: Int64? {
        switch self {
        case .int(let value):
            return value
        case .double(let value):
            // Int64(exactly:) returns nil for fractions and out-of-range values instead of trapping.
            return Int64(exactly: value)
        default:
            return nil
        }
    }

    /// The value as a Double when it is a number; nil otherwise.
    var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}

extension ReportJSON: Codable {
    /// Decodes any JSON value, keeping integers integral.
    ///
    /// `Decoder` cannot tell the kind of the next token without trying a type, and every failed
    /// try costs a thrown `DecodingError`. So the attempts follow what reports and stored bodies
    /// hold: strings (log lines, names, dates; the bulk) succeed at the first try, integers at the
    /// second, and only the rare fractions, booleans, arrays and objects try more.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(ReportObject.self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([ReportJSON].self))
        }
    }

    /// Encodes the value as the JSON it came from.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
