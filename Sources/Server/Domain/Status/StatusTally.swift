/// How many runs (or jobs, by their latest run) ended in each outcome, and the success rate over them.
struct StatusTally: Sendable, Equatable {
    /// Everything counted.
    var total = 0
    /// Ended in Success.
    var successful = 0
    /// Ended in Warning.
    var warnings = 0
    /// Ended in Error or Fatal.
    var failed = 0

    /// The tally of `statuses`.
    init(_ statuses: some Sequence<ParsedRun.Status>) {
        for status in statuses {
            total += 1
            if status == .success { successful += 1 }
            if status == .warning { warnings += 1 }
            if status.isFailure { failed += 1 }
        }
    }

    /// Successful in parts of one (0–1); 0 when nothing was counted.
    var successRatio: Double {
        total == 0 ? 0 : Double(successful) / Double(total)
    }

    /// Successful in percent, rounded half away from zero to 2 decimals; 0 when nothing was counted.
    var successPercent: Double {
        total == 0 ? 0 : (Double(successful) * 10_000 / Double(total)).rounded() / 100
    }
}
