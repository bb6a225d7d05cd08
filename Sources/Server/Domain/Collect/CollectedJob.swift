/// What collect read of one Duplicati job: its name and schedule, and its log rows kept as
/// backup results.
struct CollectedJob: Sendable {
    /// Duplicati's job id (`1`); uploads name the same job `DB-1`.
    var duplicatiId: String
    var name: String
    var schedule: DuplicatiModels.BackupEntry.Schedule?
    /// Each kept row's result object, newest first, for `downloadJson`.
    var results: [ReportJSON] = []
}
