/// The status we store for a run (duplicati-report.md Part A §6).
enum RunStatusRules {
    /// Duplicati's `ParsedResult`, raised when its own counters say worse: `Success` with
    /// warnings becomes `Warning` (the Node duplistatus rule); `Success` or `Warning` with
    /// errors becomes `Error`, by the same reasoning, so a hand-edited or generic report cannot
    /// hide logged errors. Duplicati itself already reports this way, so real reports pass
    /// through unchanged.
    ///
    /// Never lowered: `Fatal` stays `Fatal` even with no error lines (2.0.7's fatal report logs
    /// `FailedOperation` after sending). `Interrupted` does not change the status either:
    /// Duplicati computes `ParsedResult` normally for an aborted run, and the flag is kept.
    static func derive(reported: ParsedRun.Status, warnings: Int64, errors: Int64) -> ParsedRun.Status {
        switch reported {
        case .success where errors > 0, .warning where errors > 0:
            return .error
        case .success where warnings > 0:
            return .warning
        default:
            return reported
        }
    }
}
