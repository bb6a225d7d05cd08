/// Reads typed fields of one JSON object, collecting every problem instead of stopping at the
/// first (so one 400 lists them all) and remembering which keys were mapped, so the rest can be
/// kept verbatim in `ParsedRun.raw`.
struct ReportFieldReader {
    /// 2000-01-01T00:00:00Z: no Duplicati 2 report predates it, so earlier dates are clock errors.
    static let earliestPlausibleSeconds: Int64 = 946_684_800

    /// The object being read.
    let source: ReportObject
    /// The object's qualified name, prefixed to field names in problems ("Data.BackendStatistics").
    /// Put together only when asked: it is needed for a problem, and a nested reader's name is
    /// too long for a small string. (A reader nested in a nested reader would put its parent's
    /// together at once; the mappers nest one level.)
    var path: String {
        parentPath.isEmpty ? objectName : parentPath + "." + objectName
    }
    /// The qualified name of the object this one is a member of; empty for a top-level object.
    private let parentPath: String
    /// The object's own name.
    private let objectName: String
    /// The latest acceptable instant (epoch seconds): the server's clock plus some skew.
    let latestPlausibleSeconds: Int64
    /// Problems found so far.
    private(set) var problems: [ReportFieldProblem] = []
    /// Which members (by position in `source.members`) are mapped losslessly, so not kept verbatim.
    private var mapped: MemberMarks

    /// A reader for `object`, named `path` in messages.
    init(_ object: ReportObject, path: String, latestPlausibleSeconds: Int64) {
        source = object
        mapped = MemberMarks(count: object.count)
        parentPath = ""
        objectName = path
        self.latestPlausibleSeconds = latestPlausibleSeconds
    }

    /// A reader for `object`, the member `key` of the object `parent` reads.
    init(_ object: ReportObject, named key: String, in parent: ReportFieldReader) {
        source = object
        mapped = MemberMarks(count: object.count)
        parentPath = parent.path
        objectName = key
        latestPlausibleSeconds = parent.latestPlausibleSeconds
    }

    /// The members not mapped losslessly, to be kept verbatim.
    var remainder: ReportObject {
        source.keeping { !mapped[$0] }
    }

    /// The qualified name of `key`.
    func name(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Whether a problem with `key` was recorded.
    func hasProblem(_ key: String) -> Bool {
        let field = name(key)
        return problems.contains { $0.field == field }
    }

    /// Records a problem with `key`.
    mutating func report(_ key: String, _ kind: ReportFieldProblem.Kind, hint: String? = nil) {
        problems.append(ReportFieldProblem(name(key), kind, hint: hint))
    }

    /// The value of `key` when present and not null; `lossless` marks it as mapped.
    ///
    /// A member already mapped is not found again by a lossless read, as when mapping removed
    /// it from a copy: the generic format's `backup.name`, read as given and then as required,
    /// is absent the second time.
    mutating func value(_ key: String, lossless: Bool = true) -> ReportJSON? {
        let (index, found) = source.position(of: key)
        guard found else { return nil }
        if lossless {
            guard !mapped[index] else { return nil }
            mapped[index] = true
        }
        let value = source.members[index].value
        return value.isNull ? nil : value
    }

    /// A whole number; absent or null gives nil. Negative values are refused unless allowed, and
    /// so are counts and sizes above `ParsedRun.largestFigure`.
    mutating func integer(_ key: String, allowNegative: Bool = false) -> Int64? {
        guard let value = value(key) else { return nil }
        guard let number = value.int64Value else {
            if value.doubleValue != nil {
                report(key, .invalid("must be a whole number that fits in 64 bits"))
            } else {
                report(key, .wrongType(expected: "a number", got: value.typeName))
            }
            return nil
        }
        if number < 0, !allowNegative {
            report(key, .invalid("is negative (\(number))"))
            return nil
        }
        if number > ParsedRun.largestFigure, !allowNegative {
            report(key, .invalid("is larger than \(ParsedRun.largestFigure), the largest count or size kept (\(number))"))
            return nil
        }
        return number
    }

    /// A count or size: a non-negative whole number, 0 when absent.
    mutating func count(_ key: String) -> Int64 {
        integer(key) ?? 0
    }

    /// A boolean, false when absent.
    mutating func bool(_ key: String) -> Bool {
        guard let value = value(key) else { return false }
        guard case .bool(let flag) = value else {
            report(key, .wrongType(expected: "true or false", got: value.typeName))
            return false
        }
        return flag
    }

    /// A string, nil when absent; `lossless: false` keeps it in the remainder as well.
    mutating func string(_ key: String, lossless: Bool = true) -> String? {
        guard let value = value(key, lossless: lossless) else { return nil }
        guard let text = value.stringValue else {
            report(key, .wrongType(expected: "a string", got: value.typeName))
            return nil
        }
        return text
    }

    /// A server or job name: nil when absent or blank; reported when `ReportText.nameProblem`
    /// finds one.
    mutating func nameField(_ key: String) -> String? {
        guard let text = ReportText.nonBlank(string(key)) else { return nil }
        if let problem = ReportText.nameProblem(text) {
            report(key, .invalid(problem), hint: "send the name as Duplicati shows it")
            return nil
        }
        return text
    }

    /// A string that must be present and non-blank; reports it as missing (with `hint`) otherwise.
    mutating func requiredString(_ key: String, lossless: Bool = true, hint: String? = nil) -> String? {
        let before = problems.count
        guard let text = string(key, lossless: lossless) else {
            if problems.count == before { report(key, .missing, hint: hint) }
            return nil
        }
        guard !ReportText.trimmed(text).isEmpty else {
            report(key, .missing, hint: hint)
            return nil
        }
        return text
    }

    /// An ISO 8601 instant between 2000 and the plausibility limit; .NET's zero date gives nil.
    /// The text stays in the remainder because milliseconds cannot hold its 7-digit fraction.
    mutating func timestamp(_ key: String, required: Bool, hint: String? = nil) -> ReportTimestamp? {
        let before = problems.count
        guard let text = string(key, lossless: false) else {
            if required, problems.count == before { report(key, .missing, hint: hint) }
            return nil
        }
        guard let stamp = ReportTimestamp.parseISO(text) else {
            report(key, .invalid("is not an ISO 8601 date (\"\(text.prefix(40))\")"), hint: hint)
            return nil
        }
        if stamp.isDotNetZero, !required { return nil }
        guard stamp.epochSeconds >= Self.earliestPlausibleSeconds, stamp.epochSeconds <= latestPlausibleSeconds else {
            report(
                key,
                .invalid("is out of range (\(text.prefix(40)))"),
                hint: "dates must lie between 2000 and now; check the clock of the sending machine"
            )
            return nil
        }
        return stamp
    }

    /// A nested object, nil when absent or null.
    mutating func object(_ key: String, lossless: Bool = true) -> ReportObject? {
        guard let value = value(key, lossless: lossless) else { return nil }
        guard let nested = value.objectValue else {
            report(key, .wrongType(expected: "an object", got: value.typeName))
            return nil
        }
        return nested
    }

    /// Merges the problems of a nested reader into this one.
    mutating func absorb(_ other: ReportFieldReader) {
        problems += other.problems
    }
}
