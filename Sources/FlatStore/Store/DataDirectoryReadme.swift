/// The `README.md` FlatStore keeps in every data directory, so a person with `ls` understands it.
///
/// It has two parts: the product's (`StoreOptions.readmeProductSection`: what its collections hold,
/// recipes) and the store's own `layoutSection` (files, line format, backups), which knows nothing
/// of any product.
enum DataDirectoryReadme {
    /// The store's part: the files, the line format and how to back the directory up.
    static let layoutSection = """
        ## Layout (written by FlatStore)

        Each line of a `.jsonl` file is one JSON object with sorted keys, so `grep`, `jq` and `diff`
        work on them directly.

        | file | what it is |
        |---|---|
        | `log-NNNNNN.jsonl` | the append-only log; the highest number is being written, the others never change. While it is written, the newest ends with blank lines (up to 1 MiB) that new lines are written over; they go when the store closes or next opens |
        | `base-NNNNNN.jsonl` | a compaction: the live records of every log up to NNNNNN, which it replaces |
        | `log-NNNNNN.jsonl.gz`, `base-NNNNNN.jsonl.gz` | the same file, compressed once it no longer changes (gzip members of about 64 KiB of whole lines: `zcat`, `zgrep` read it); the plain file stays an hour after |
        | `snapshot-FFFFFF-OOOO….jsonl.gz` | an index snapshot (no bodies) so startup is fast; replay resumes in log FFFFFF at byte OOOO |
        | `quarantine.jsonl` | damaged lines found at startup or later, with file, offset, reason and their exact bytes (base64) |
        | `LOCK` | held by the running process (its pid); a second one on the same directory refuses to start |
        | `*.tmp` | a snapshot, compaction or compression in progress; removed at startup if a crash left one |

        A record line: `{"_crc":"…","c":"<collection>","i":{<index fields>},"k":"<key>","op":"put","seq":17,"v":{<body>}}`.
        `op` is `put` or `del` (a delete names only the key). `_crc` is the CRC-32 of the line without that member.
        The newest line for a key wins. Lines of one batch carry `at` and `more` (their place in it); the first line
        of each write to the log carries `sync` (how much of the file was already on disk).

        A log starts with `{"_crc":"…","first":<seq>,"format":2,"kind":"log","segment":N}`; a base starts with
        `{…,"covers":N,"created":"<time>","kind":"base","next":<seq>}` and ends with `{…,"count":<records>,"kind":"end"}`.
        These say where each file sits in the sequence, so a missing or shortened file is reported, never
        taken for a complete store (`verify` names it).

        - Every line that mentions a text, compressed files and snapshots included: `zgrep -F 'text' *.jsonl*`
        - Bodies of one collection, in order: `ls base-*.jsonl* log-*.jsonl* | xargs zcat -f | jq -c 'select(.c == "<collection>" and .op == "put") | .v'`
        - Index entries of a snapshot: `zcat snapshot-*.jsonl.gz | jq -c 'select(.c == "<collection>")'`

        ## Backups

        `cp -a` or `rsync -a` of this directory at any time, even while the store writes, snapshots and
        compacts, gives a copy holding everything written before the copy started, as long as the copy
        takes less than an hour: logs only gain lines at their end, other files appear whole by rename, and files a
        compaction replaced are kept until a later compaction and at least an hour (the time is in the
        base that replaced them, so restarts do not shorten it). The price is disk: up to two
        generations of data are kept. A slower copy that missed a file opens with the loss reported.
        Never let two processes share this directory (e.g. over NFS/SMB).
        """

    /// The whole README for a product named `productName` with its own `productSection`.
    static func text(productName: String?, productSection: String?) -> String {
        let title = productName.map { "# \($0) data directory" } ?? "# Data directory"
        let intro =
            "Everything \(productName ?? "the store") keeps is in these plain files, written by FlatStore, an append-only JSON-lines store."
        let product = productSection.map { $0.trimmingTrailingNewlines + "\n\n" } ?? ""
        return title + "\n\n" + intro + "\n\n" + product + layoutSection + "\n"
    }

    /// Writes the README with the product's words from `options`, unless it already reads so.
    static func write(_ fileSystem: any StoreFileSystem, options: StoreOptions) throws {
        let text = text(productName: options.productName, productSection: options.readmeProductSection)
        if (try? read(fileSystem)) == text { return }
        try replace(fileSystem, with: text)
    }

    /// The README as it is on disk; nil when there is none (or it is not UTF-8).
    private static func read(_ fileSystem: any StoreFileSystem) throws -> String? {
        let handle = try fileSystem.open(DataFileName.readme, mode: .read)
        defer { fileSystem.close(handle) }
        let size = try fileSystem.size(handle)
        guard size < 1 << 20 else { return nil }
        let bytes = try LineReader.read(fileSystem, handle, at: 0, length: Int(size))
        return String(validating: bytes, as: UTF8.self)
    }

    /// Replaces the README with `text` (temp → fsync → rename → fsync dir).
    private static func replace(_ fileSystem: any StoreFileSystem, with text: String) throws {
        let bytes = Array(text.utf8)
        let temporary = DataFileName.readme + DataFileName.temporarySuffix
        try? fileSystem.remove(temporary)
        let handle = try fileSystem.open(temporary, mode: .createNew)
        do {
            try bytes.withUnsafeBytes { try fileSystem.append(handle, $0) }
            try fileSystem.sync(handle)
            fileSystem.close(handle)
        } catch {
            fileSystem.close(handle)
            throw error
        }
        try fileSystem.rename(temporary, to: DataFileName.readme)
        try fileSystem.syncDirectory()
    }
}

extension String {
    /// The text without the line breaks at its end.
    fileprivate var trimmingTrailingNewlines: Substring {
        var text = self[...]
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return text
    }
}
