// Duplicati writes its version ("2.1.0.5 (2.1.0.5_stable_2025-03-04)", 35 bytes) again in each
// nested result and in `BackendStatistics`: three repeats in a 2.1 report with `DeleteResults` and
// `TestResults`, each too long for a small string (15 bytes), so each was an allocation of its
// own. A member value whose bytes repeat an earlier member value's now shares that value's
// `String`. (The benchmark's generated reports also repeat `BeginTime`, `EndTime` and `Duration`
// in the nested results, which Duplicati's own do not; docs/performance.md counts both.) Array
// elements (log lines, messages) are not remembered: they hardly ever repeat, and they would
// crowd out the values that do.
extension ReportJSONParser {
    /// What a string token is, which decides whether it may be shared.
    enum StringRole {
        /// A member name: Duplicati's long names are constants (`ReportJSONParser+KnownNames`).
        case name
        /// A member's value: shared with an earlier member value of the same bytes.
        case memberValue
        /// An array element: read as it is.
        case element
    }

    /// A member value read earlier and where its contents lie in the body.
    struct RepeatedString {
        let bytes: Range<Int>
        let text: String
    }

    /// A string of up to this many UTF-8 bytes is stored inline and costs no allocation to make.
    static let inlineStringBytes = 15
    /// The most member values remembered; Duplicati's repeated ones come within the first dozen.
    static let repeatableStringLimit = 16

    /// The earlier member value whose contents are the bytes of `range`, nil when there is none.
    func repeatedString(_ range: Range<Int>) -> String? {
        for earlier in repeatableStrings where earlier.bytes.count == range.count {
            if repeatsBytes(at: range.lowerBound, of: earlier.bytes) { return earlier.text }
        }
        return nil
    }

    /// Remembers a member value read from `range` when it is long enough to be worth sharing.
    mutating func remember(_ text: String, readFrom range: Range<Int>) {
        guard range.count > Self.inlineStringBytes, repeatableStrings.count < Self.repeatableStringLimit else { return }
        // One allocation for the list, instead of its growing four times.
        if repeatableStrings.isEmpty { repeatableStrings.reserveCapacity(Self.repeatableStringLimit) }
        repeatableStrings.append(RepeatedString(bytes: range, text: text))
    }
}
