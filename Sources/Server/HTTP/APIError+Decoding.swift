import FoundationEssentials

extension APIError {
    /// A 400 that names what is wrong with the body: which field (also as `details.field`, or
    /// `details.missingFields`), and how.
    init(decoding error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            let field = Self.fieldPath(context.codingPath + [key])
            self.init(.validation, "Missing required field '\(field)'", details: ["missingFields": [.string(field)]])
        case .valueNotFound(_, let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.validation, "Field '\(field)' must not be null", details: ["field": .string(field)])
        case .typeMismatch(let type, let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.validation, "Field '\(field)' must be \(Self.jsonKind(of: type))", details: ["field": .string(field)])
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // The parser's own text says where the syntax breaks (line and column).
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            self.init(.validation, "Malformed JSON: \(detail)")
        case .dataCorrupted(let context):
            let field = Self.fieldPath(context.codingPath)
            self.init(.validation, "Invalid value for '\(field)': \(context.debugDescription)", details: ["field": .string(field)])
        @unknown default:
            self.init(.validation, "Invalid request body")
        }
    }

    /// `a.b[2].c` for a coding path; `(body)` for the document itself.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(body)" : text
    }

    /// The JSON word for what a Swift type expects, since clients never see Swift type names.
    static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }
}
