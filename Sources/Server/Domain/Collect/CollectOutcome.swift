/// What one collect from a Duplicati server did.
struct CollectOutcome: Sendable {
    /// Runs stored, already stored, and rows or jobs that could not be read or stored.
    struct Statistics: Sendable, Equatable {
        var processed = 0
        var skipped = 0
        var errors = 0
    }

    var server: ServerRecord
    /// Whether the way that reached the server accepted a self-signed certificate.
    var acceptedSelfSigned = false
    var statistics = Statistics()
    var jobs: [CollectedJob] = []
    /// Why rows or jobs counted as errors, for the log and the answer.
    var problems: [String] = []
    /// `GET /api/v1/systeminfo` as answered, for `downloadJson`.
    var systemInfo: ReportJSON = .null
    /// `GET /api/v1/backups` as answered, for `downloadJson`.
    var backupList: ReportJSON = .null
}
