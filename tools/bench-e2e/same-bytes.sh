#!/usr/bin/env bash
# Whether two or more duplistatus builds store the same bytes: each takes the sample reports of
# ../shared/samples and the test fixtures over HTTP into an empty data directory and stops (which
# writes a snapshot); their logs and snapshots must then be identical apart from the times of the
# upload and the checksums that cover them, and every line's checksum must be its CRC-32 as
# Python's zlib computes it. For a change that should not touch the format (docs/performance.md).
#
#     bash tools/bench-e2e/same-bytes.sh OLD NEW [NEW2...]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: same-bytes.sh OLD NEW..." >&2; exit 2; }
source tools/bench-e2e/uploads.sh
port="${SAME_BYTES_PORT:-9892}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
bodies=(../shared/samples/duplicati-reports/*.json Tests/ServerTests/Fixtures/*.json)

index=0
for binary in "$@"; do
    index=$((index + 1))
    data="$work/data-$index"
    mkdir -p "$data"
    start_server same-bytes "$binary" "$data" "$work/server.log" "$port" always
    for body in "${bodies[@]}"; do
        curl -s -o /dev/null -X POST --data-binary "@$body" -H 'Content-Type: application/json' \
            "http://127.0.0.1:$port/api/upload"
    done
    kill -INT "$server_pid"
    wait "$server_pid" || true
    # The upload's times (today as ISO text, or epoch ms within days of now) and the checksums
    # over them differ by run; the reports' own times do not.
    today="$(date -u +%Y-%m-%d)"
    now_ms="$(date +%s)000"
    for file in "$data"/log-*.jsonl "$data"/snapshot-*.jsonl.gz; do
        zcat -f "$file" | sed -E "s/\"_crc\":\"[0-9a-f]{8}\"/\"_crc\":\"…\"/; s/${today}T[0-9:.]+Z/TODAY/g; s/\":${now_ms:0:4}[0-9]{9}([,}])/\":NOW\1/g"
    done > "$work/masked-$index"
    python3 - "$data" << 'EOF'
import glob, gzip, re, sys, zlib
lines = 0
for path in glob.glob(sys.argv[1] + "/log-*.jsonl") + glob.glob(sys.argv[1] + "/snapshot-*.jsonl.gz"):
    opener = gzip.open if path.endswith(".gz") else open
    for line in opener(path, "rb").read().split(b"\n"):
        if not line:
            continue
        match = re.match(rb'\{"_crc":"([0-9a-f]{8})",', line)
        if not match or int(match.group(1), 16) != zlib.crc32(b"{" + line[match.end():]):
            sys.exit(f"same-bytes: a line of {path} fails its checksum: {line[:80]!r}")
        lines += 1
print(f"{lines} lines, every checksum right", end="")
EOF
    echo " ($binary: $(wc -l < "$work/masked-$index") lines masked)"
    if [ "$index" -gt 1 ]; then
        diff -q "$work/masked-1" "$work/masked-$index" > /dev/null \
            || { diff "$work/masked-1" "$work/masked-$index" | head -20 >&2; echo "same-bytes: $binary stores other bytes than $1" >&2; exit 1; }
    fi
done
echo "same-bytes: ${#bodies[@]} bodies; every build stored the same bytes as $1"
