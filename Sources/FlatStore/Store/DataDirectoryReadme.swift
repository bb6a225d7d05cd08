/// The `README.md` FlatStore keeps in every data directory, so a person with `ls` understands it.
enum DataDirectoryReadme {
    static let text = """
        # duplistatus data directory (FlatStore)

        Everything duplistatus knows is in these plain files. Each line of a `.jsonl` file is one
        JSON object with sorted keys, so `grep`, `jq` and `diff` work on them directly.

        | file | what it is |
        |---|---|
        | `log-NNNNNN.jsonl` | the append-only log; the highest number is being written, the others never change |
        | `base-NNNNNN.jsonl` | a compaction: the live records of every log up to NNNNNN (those logs are then deleted) |
        | `snapshot-FFFFFF-OOOO….jsonl.gz` | an index snapshot (no bodies) so startup is fast; replay resumes in log FFFFFF at byte OOOO |
        | `quarantine.jsonl` | damaged lines found at startup, with file, offset, reason and their exact bytes (base64) |
        | `LOCK` | held by the running server (its pid); a second server on the same directory refuses to start |
        | `*.tmp` | a snapshot or compaction in progress; removed at startup if a crash left one |

        A record line: `{"_crc":"…","c":"<collection>","i":{<index fields>},"k":"<key>","op":"put","seq":17,"v":{<body>}}`.
        `op` is `put` or `del` (a delete names only the key). `_crc` is the CRC-32 of the line without that member.
        The newest line for a key wins.

        ## Recipes
        - Every record mentioning a server: `grep -F 'DB-PROD-01' *.jsonl`
        - Including compressed snapshots: `zgrep -F 'DB-PROD-01' *.jsonl.gz`
        - Bodies of one collection: `cat base-*.jsonl log-*.jsonl | jq -c 'select(.c == "runs" and .op == "put") | .v'`
        - Index entries of a snapshot: `zcat snapshot-*.jsonl.gz | jq -c 'select(.c == "runs")'`
        - Check every file: `duplistatus verify --data-dir <this directory>`

        ## Backups
        `cp -a` or `rsync -a` of this directory is safe at any time, even while the server writes or
        compacts: logs are only appended, other files appear by atomic rename, and replaced files are
        deleted only after a grace period. Never let two servers share this directory (e.g. over NFS/SMB).
        """

    /// Writes the README if it is missing or outdated (temp → fsync → rename → fsync dir).
    static func write(_ fileSystem: any StoreFileSystem) throws {
        let bytes = Array(text.utf8)
        if let handle = try? fileSystem.open(DataFileName.readme, mode: .read) {
            defer { fileSystem.close(handle) }
            if (try? fileSystem.size(handle)) == UInt64(bytes.count),
                (try? LineReader.read(fileSystem, handle, at: 0, length: bytes.count)) == bytes
            {
                return
            }
        }
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
