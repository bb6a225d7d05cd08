/// A JSON value written the way the Node duplistatus's `JSON.stringify` writes it: object keys in
/// the order given, numbers as JavaScript prints doubles, `/` and non-ASCII left as they are.
///
/// Compatibility answers are compared byte for byte by scripts and widgets, so they are not left
/// to `JSONEncoder` (whose key order and number format are its own).
enum CompatJSON: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case array([CompatJSON])
    case object([(String, CompatJSON)])
    case null

    /// The value as compact JSON text.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Appends the value's JSON text to `output`.
    func write(to output: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, to: &output)
        case .integer(let value): output += String(value)
        case .number(let value): output += JavaScriptNumber.text(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += "}"
        }
    }

    /// A string with `JSON.stringify`'s escapes: quote, backslash, the short control escapes and
    /// `\u00xx` for the other control characters.
    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    static func == (lhs: CompatJSON, rhs: CompatJSON) -> Bool { lhs.text == rhs.text }
}
