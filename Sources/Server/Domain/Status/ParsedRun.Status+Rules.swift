extension ParsedRun.Status {
    /// Whether the run failed: Error or Fatal. Every count of failures uses this one rule.
    var isFailure: Bool {
        self == .error || self == .fatal
    }

    /// How bad the status is, for picking the worst of several; Unknown sits above Success
    /// because it is no proof of a good run, yet below Warning because nothing is known to be wrong.
    var severity: Int {
        switch self {
        case .success: 0
        case .unknown: 1
        case .warning: 2
        case .error: 3
        case .fatal: 4
        }
    }
}
