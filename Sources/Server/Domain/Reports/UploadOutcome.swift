/// What the parser made of one `POST /api/upload` body.
package enum UploadParseOutcome: Sendable, Equatable {
    /// A backup run to store (answer 201, or 200 "duplicate" if the store already has it).
    case run(ParsedRun)
    /// A report we choose not to store (answer 200 so Duplicati ≥ 2.1.1 does not retry it).
    case ignored(operation: String)
    /// A report we cannot store (answer 400 with the message and the missing fields).
    case invalid(UploadRejection)

    /// The operation name used for Duplicati ≤ 2.0.7's fatal report, whose `Data` is the exception.
    static let legacyFatalReport = "Backup (fatal error report of Duplicati 2.0.7 or older)"

    /// The sentence for an ignored report's 200 answer, as api.md words it.
    static func ignoredMessage(operation: String) -> String {
        if operation == legacyFatalReport {
            return "Fatal error report of Duplicati 2.0.7 or older ignored: it carries no backup statistics"
        }
        return "Operation '\(operation)' ignored: only Backup operations are recorded"
    }
}

/// Why an upload was refused: a message naming each problem and its fix, and the fields involved.
package struct UploadRejection: Error, Sendable, Equatable {
    /// Sentences naming the problem and how to fix it, ready for the 400 answer.
    let message: String
    /// Qualified names of the fields missing or unusable (`Extra.machine-id`, `Data.BeginTime`),
    /// in order: api.md's `missingFields`.
    let fields: [String]
    /// Those of `fields` the report has, with a value that cannot be used (a wrong type, a size
    /// past the bound, a date that cannot be).
    let invalidFields: [String]

    /// A rejection with a free-form message (body-level problems that concern no single field).
    init(message: String) {
        self.message = message
        fields = []
        invalidFields = []
    }

    /// A rejection listing every field problem found, so one round trip shows all of them.
    init(problems: [ReportFieldProblem]) {
        var seen = Set<String>()
        let unique = problems.filter { seen.insert($0.field).inserted }
        message = "The report was rejected: " + unique.map(\.sentence).joined(separator: "; ") + "."
        fields = unique.map(\.field)
        invalidFields = unique.filter { $0.kind != .missing }.map(\.field)
    }
}

/// One unusable field of a report, with a hint that tells the sender how to fix it.
struct ReportFieldProblem: Sendable, Equatable {
    /// What is wrong with the field.
    enum Kind: Sendable, Equatable {
        case missing
        case wrongType(expected: String, got: String)
        case invalid(String)
    }

    /// The qualified field name (`Data.BackendStatistics.KnownFileSize`).
    let field: String
    /// What is wrong.
    let kind: Kind
    /// How to fix it; nil for the default advice of the kind.
    let hint: String?

    /// A problem with an optional fix hint.
    init(_ field: String, _ kind: Kind, hint: String? = nil) {
        self.field = field
        self.kind = kind
        self.hint = hint
    }

    /// "<field> <what is wrong>; <how to fix it>".
    var sentence: String {
        switch kind {
        case .missing:
            return "\(field) is missing or empty; "
                + (hint ?? "Duplicati always sends it, so the report was cut off or altered; send it unmodified")
        case .wrongType(let expected, let got):
            return "\(field) must be \(expected) but is \(got); " + (hint ?? "send it as \(expected)")
        case .invalid(let reason):
            return "\(field) \(reason); " + (hint ?? "correct the value or send the report unmodified")
        }
    }
}
