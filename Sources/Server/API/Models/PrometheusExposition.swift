/// A document in the Prometheus text exposition format 0.0.4, built one metric family at a time.
struct PrometheusExposition: Sendable {
    /// The content type Prometheus expects for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A sample value: integers are written without a fraction, so counts read as counts.
    enum Value: Sendable, Equatable {
        case int(Int64)
        case double(Double)

        /// The value as the format writes it (`NaN`, `+Inf` and `-Inf` spelled as Go parses them).
        var text: String {
            switch self {
            case .int(let value): return String(value)
            case .double(let value):
                if value.isNaN { return "NaN" }
                if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
                if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
                return "\(value)"
            }
        }
    }

    /// One sample of a family: its labels in order, and its value.
    struct Sample: Sendable {
        var labels: [(name: String, value: String)]
        var value: Value
    }

    /// The document so far.
    private(set) var text = ""

    /// An empty document.
    init() {}

    /// Appends a family: `# HELP`, `# TYPE`, then every sample, contiguous as the format requires.
    mutating func family(_ name: String, help: String, type: String = "gauge", samples: [Sample]) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
        for sample in samples {
            text += name
            if !sample.labels.isEmpty {
                let pairs = sample.labels.map { "\($0.name)=\"\(Self.escapeLabel($0.value))\"" }
                text += "{" + pairs.joined(separator: ",") + "}"
            }
            text += " " + sample.value.text + "\n"
        }
    }

    /// Appends a family of one unlabelled sample.
    mutating func family(_ name: String, help: String, type: String = "gauge", value: Value) {
        family(name, help: help, type: type, samples: [Sample(labels: [], value: value)])
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func escapeLabel(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// Help text with `\` and line feeds escaped (quotes stay as they are there).
    static func escapeHelp(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// The escaping shared by label values and help text.
    private static func escape(_ value: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\"" where quotes: result += "\\\""
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
