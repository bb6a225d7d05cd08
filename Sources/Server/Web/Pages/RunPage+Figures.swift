extension PagesController {
    /// Every figure of a run, grouped as the run page shows them.
    static func figureGroups(_ run: ParsedRun) -> [RunPage.FigureGroup] {
        typealias Figure = RunPage.Figure
        let files = run.files
        let backend = run.backend
        let count = { (value: Int64) in DisplayFormat.count(value) }
        let bytes = { (value: Int64) in DisplayFormat.bytes(value) }
        return [
            RunPage.FigureGroup(
                title: "Statistics",
                figures: [
                    Figure(label: "File count", value: count(run.fileCount)),
                    Figure(label: "File size", value: bytes(run.fileSize)),
                    Figure(label: "Uploaded", value: bytes(run.uploadedSize)),
                    Figure(label: "Storage used", value: bytes(run.storageSize)),
                    Figure(label: "Versions", value: count(run.versions)),
                    Figure(label: "Warnings", value: count(run.warnings)),
                    Figure(label: "Errors", value: count(run.errors)),
                    Figure(label: "Messages", value: count(run.messages)),
                    Figure(label: "Interrupted", value: run.interrupted ? "yes" : "no"),
                    Figure(label: "Partial backup", value: run.partialBackup ? "yes" : "no"),
                    Figure(label: "Dry run", value: run.dryrun ? "yes" : "no"),
                ]
            ),
            RunPage.FigureGroup(
                title: "File changes",
                figures: [
                    Figure(label: "Added files", value: count(files.added)),
                    Figure(label: "Modified files", value: count(files.modified)),
                    Figure(label: "Deleted files", value: count(files.deleted)),
                    Figure(label: "Added folders", value: count(files.addedFolders)),
                    Figure(label: "Modified folders", value: count(files.modifiedFolders)),
                    Figure(label: "Deleted folders", value: count(files.deletedFolders)),
                    Figure(label: "Added symlinks", value: count(files.addedSymlinks)),
                    Figure(label: "Modified symlinks", value: count(files.modifiedSymlinks)),
                    Figure(label: "Deleted symlinks", value: count(files.deletedSymlinks)),
                    Figure(label: "Examined files", value: count(files.examined)),
                    Figure(label: "Opened files", value: count(files.opened)),
                    Figure(label: "Not processed", value: count(files.notProcessed)),
                    Figure(label: "Too large", value: count(files.tooLarge)),
                    Figure(label: "With errors", value: count(files.withError)),
                    Figure(label: "Size of added", value: bytes(files.sizeOfAdded)),
                    Figure(label: "Size of modified", value: bytes(files.sizeOfModified)),
                    Figure(label: "Size of opened", value: bytes(files.sizeOfOpened)),
                ]
            ),
            RunPage.FigureGroup(
                title: "Backend",
                figures: [
                    Figure(label: "Files uploaded", value: count(backend.filesUploaded)),
                    Figure(label: "Files downloaded", value: count(backend.filesDownloaded)),
                    Figure(label: "Files deleted", value: count(backend.filesDeleted)),
                    Figure(label: "Bytes downloaded", value: bytes(backend.bytesDownloaded)),
                    Figure(label: "Remote calls", value: count(backend.remoteCalls)),
                    Figure(label: "Retry attempts", value: count(backend.retryAttempts)),
                    Figure(label: "Known files", value: count(backend.knownFileCount)),
                    Figure(label: "Last backup on destination", value: backend.lastBackupDate.map(DisplayFormat.absolute) ?? "unknown"),
                    Figure(label: "Quota total", value: backend.quotaTotal > 0 ? bytes(backend.quotaTotal) : "unknown"),
                    Figure(label: "Quota free", value: backend.quotaTotal > 0 ? bytes(backend.quotaFree) : "unknown"),
                ]
            ),
        ]
    }
}
