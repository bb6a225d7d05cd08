extension Sequence {
    /// The sum of `value` over the elements, held at Int64's bounds rather than trapping.
    ///
    /// Runs stored before figures were bounded (`ParsedRun.largestFigure`), or imported from a
    /// damaged database, may hold numbers whose sum over a fleet exceeds 64 bits; a page or the
    /// summary must still answer.
    func saturatingSum(_ value: (Element) -> Int64) -> Int64 {
        reduce(0) { $0.saturatingAdding(value($1)) }
    }
}

extension Int64 {
    /// `self + other`, held at the type's bounds rather than trapping.
    func saturatingAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
