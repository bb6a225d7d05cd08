/// Imports files of Duplicati reports through the upload's own path (`ReportIntake` here, or a
/// running server's `POST /api/upload`). A file holds one report, as the upload receives it, or is a
/// collected `downloadJson` file holding a server's job logs. Duplicates are skipped; nothing notifies.
struct ReportFileImport: Sendable {
    /// Where the reports go.
    let receiver: any ReportReceiver
    /// What the command line named (`--server-name`, `--server-id`, `--backup-name`), for
    /// reports of Duplicati before 2.0.8 that do not name their machine or job.
    let naming: UploadNaming

    /// Imports the reports of one file (`bytes`, shown as `source`) and counts them into `summary`.
    func importFile(_ bytes: [UInt8], source: String, into summary: inout ImportSummary) async throws {
        if let top = try? UploadParser.decode(bytes).objectValue, CollectedLogFile.matches(top) {
            for entry in CollectedLogFile.entries(top, naming: naming) {
                let label = "\(source) (\(entry.label))"
                switch entry.content {
                case .rejected(let reason):
                    summary.count(.rejected(reason: reason), source: label)
                case .ignored(let operation):
                    summary.count(.ignored(operation: operation), source: label)
                case .report(let report):
                    summary.count(try await receiver.deliver(json: report, naming: naming), source: label)
                }
            }
            return
        }
        summary.count(try await receiver.deliver(body: bytes, naming: naming), source: source)
    }
}
