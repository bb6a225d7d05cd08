/// What an import of report files did, counted per outcome, with a reason for every rejection.
struct ImportSummary: Sendable, Equatable {
    /// One report that was not stored, and why.
    struct Rejection: Sendable, Equatable {
        /// The file, and the log row within a collected file.
        var source: String
        /// The rejection message, as `POST /api/upload` would answer it.
        var reason: String
    }

    /// Runs stored now.
    var stored = 0
    /// Runs already stored (same server, job and begin time); nothing written.
    var duplicate = 0
    /// Reports of operations that are not backups (restore, test…); nothing written.
    var ignored = 0
    /// Reports that could not be read or mapped.
    var rejected: [Rejection] = []

    /// Every report looked at.
    var total: Int { stored + duplicate + ignored + rejected.count }

    /// Counts one outcome of `source`.
    mutating func count(_ outcome: ImportedReport, source: String) {
        switch outcome {
        case .stored: stored += 1
        case .duplicate: duplicate += 1
        case .ignored: ignored += 1
        case .rejected(let reason): rejected.append(Rejection(source: source, reason: reason))
        }
    }

    /// "stored 3, duplicate 1, ignored 0, rejected 2".
    var counts: String {
        "stored \(stored), duplicate \(duplicate), ignored \(ignored), rejected \(rejected.count)"
    }

    /// The summary as printed at the end: the counts, then one line per rejection.
    var rendered: String {
        var lines = ["\(total) \(total == 1 ? "report" : "reports"): \(counts)"]
        for rejection in rejected {
            lines.append("  rejected \(rejection.source): \(rejection.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
