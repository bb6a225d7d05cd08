/// Imports files of Duplicati reports into the store through `ReportIntake`, the upload's own path:
/// a file holds one report (as `POST /api/upload` receives it) or is a collected `downloadJson` file
/// holding a server's job logs. Duplicates are skipped; nothing notifies anyone.
struct ReportFileImport: Sendable {
    /// Where the reports go.
    let intake: ReportIntake
    /// What the command line named (`--server-name`, `--server-id`, `--backup-name`), for
    /// reports of Duplicati before 2.0.8 that do not name their machine or job.
    let naming: UploadNaming

    /// Imports the reports of one file (`bytes`, shown as `source`) and counts them into `summary`.
    func importFile(_ bytes: [UInt8], source: String, into summary: inout ImportSummary) async throws {
        if let top = try? UploadParser.decode(bytes).objectValue, CollectedLogFile.matches(top) {
            for entry in CollectedLogFile.entries(top, naming: naming) {
                let label = "\(source) (\(entry.label))"
                switch entry.report {
                case .failure(let rejection):
                    summary.count(.rejected(rejection), source: label)
                case .success(let report):
                    summary.count(try await intake.receive(json: report, naming: naming), source: label)
                }
            }
            return
        }
        summary.count(try await intake.receive(body: bytes, contentType: nil, naming: naming), source: source)
    }
}
