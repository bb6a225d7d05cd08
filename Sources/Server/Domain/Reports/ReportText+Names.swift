extension ReportText {
    /// The longest server or job name kept, in Unicode scalars: every page lists the names, and one
    /// upload with a name of megabytes made each of them megabytes long.
    static let longestName = 1_000

    /// Why `name` cannot be a server or job name; nil when it can. Checked without its surrounding
    /// blanks, as names are compared: a control character inside (which pages would carry raw) or
    /// more than `longestName` scalars.
    static func nameProblem(_ name: String) -> String? {
        var count = 0
        for scalar in trimmed(name).unicodeScalars {
            count += 1
            if isControl(scalar) { return "contains a control character" }
        }
        return count > longestName ? "is longer than \(longestName) characters" : nil
    }

    /// Whether `scalar` is a C0 or C1 control character (a line break, NUL, an escape), which
    /// pages and log lines must not carry raw.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `name` when it is neither blank nor refused by `nameProblem`; for names taken from where a
    /// refusal would lose more than the name (the Node database), which then give way to the id.
    static func usableName(_ name: String?) -> String? {
        nonBlank(name).flatMap { nameProblem($0) == nil ? $0 : nil }
    }
}
