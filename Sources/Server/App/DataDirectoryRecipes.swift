/// duplistatus' part of the data directory's README: what the collections hold, and recipes that
/// answer everyday questions with `grep` and `jq` alone. Each fenced block is run as written by
/// `DataDirectoryReadmeTests`, against a directory holding the example values used here.
enum DataDirectoryRecipes {
    /// The markdown section.
    static let readmeSection = #"""
        ## What duplistatus keeps here

        | collection (`"c"`) | one record per | body (`"v"`) |
        |---|---|---|
        | `runs` | backup run | every figure of the run; times as ISO 8601 UTC (`"beginTime":"2025-11-16T02:00:00.441Z"`) |
        | `runlogs` | backup run | its log lines by level (key = the run's key) |
        | `servers` | Duplicati installation | id (machine-id), name, alias, note, URL, first and last contact |
        | `serverseen` | Duplicati installation | when its latest report arrived |
        | `apitokens` | API token (sign-in on) | its name, creation time and SHA-256; never the token itself |
        | `adminpassword` | admin password set in Settings (one record) | PBKDF2 hashes of it and of the configured password it replaced; never a password |

        The same record can appear on several lines (an update, a merge, a delete); the newest line of a
        key wins, so the `jq` recipes replay the lines in order and the quick `grep` ones may show
        superseded versions too. Files that no longer change are compressed (`log-N.jsonl.gz`,
        `base-N.jsonl.gz`; the plain file stays for an hour after), so the recipes read them with `zcat -f`
        and `zgrep`, in order: `ls` puts the base first, then the logs by number. Run them inside this directory; they need only gzip's tools and `jq`.

        ## Recipes

        Every run of one day, quickly (superseded versions included):

        ```sh
        ls base-*.jsonl* log-*.jsonl* 2>/dev/null | xargs zgrep -h -F '"beginTime":"2025-11-16' | jq -r '.v | [.beginTime, .serverName, .backupName, .status] | @tsv'
        ```

        Every run of one day, exactly:

        ```sh
        ls base-*.jsonl* log-*.jsonl* 2>/dev/null | xargs zcat -f | jq -rn 'reduce (inputs | select(.c == "runs")) as $l ({}; if $l.op == "del" then del(.[$l.k]) else .[$l.k] = $l.v end) | .[] | select(.beginTime | startswith("2025-11-16")) | [.beginTime, .serverName, .backupName, .status] | @tsv' | sort
        ```

        Every failed run (Error or Fatal) of one server:

        ```sh
        ls base-*.jsonl* log-*.jsonl* 2>/dev/null | xargs zcat -f | jq -rn 'reduce (inputs | select(.c == "runs")) as $l ({}; if $l.op == "del" then del(.[$l.k]) else .[$l.k] = $l.v end) | .[] | select(.serverName == "NAS-HOME" and (.status == "Error" or .status == "Fatal")) | [.beginTime, .backupName, .status] | @tsv' | sort
        ```

        The newest run of one job:

        ```sh
        ls base-*.jsonl* log-*.jsonl* 2>/dev/null | xargs zcat -f | jq -rn 'reduce (inputs | select(.c == "runs")) as $l ({}; if $l.op == "del" then del(.[$l.k]) else .[$l.k] = $l.v end) | [.[] | select(.serverName == "NAS-HOME" and .backupName == "Documents")] | max_by(.beginTime) | [.beginTime, .status, .id] | @tsv'
        ```

        A server's index entry in the compressed snapshots, then its records in the logs:

        ```sh
        zgrep -h -F '"name":"NAS-HOME"' snapshot-*.jsonl.gz | jq -r '.k'; ls base-*.jsonl* log-*.jsonl* 2>/dev/null | xargs zgrep -h -F '"name":"NAS-HOME"' | jq -r '.v.id'
        ```

        Check every file (with the server stopped): `duplistatus verify --data-dir <this directory>`

        ## Backup and restore

        Besides `cp -a` (below), `duplistatus backup --out backup.tar.gz` or `GET /api/admin/database/backup`
        makes an archive while the server runs; `duplistatus restore backup.tar.gz` (server stopped) or
        `POST /api/admin/database/restore` checks one whole and puts it back, keeping the replaced
        directory as `<dir>.before-restore-<time>`. By hand, with the server stopped, in the directory
        above this one (the archive holds `duplistatus-data/`):

        1. `mkdir unpacked && tar -xzf backup.tar.gz -C unpacked`
        2. `duplistatus verify --data-dir unpacked/duplistatus-data` must print `OK`
        3. `mv data data.old && mv unpacked/duplistatus-data data`, then start the server
        """#
}
