#!/usr/bin/env bash
# Starts each duplistatus binary on an empty data directory, asks it nothing, and 4 s later prints
# its resident memory: VmRSS, anonymous and file pages, PSS, and the mappings holding 500 kB or more
# (the binary, the Swift runtime, Foundation if loaded). Binaries alternate, ROUNDS times. This is
# the "by hand" idle figure of docs/performance.md ("Idle memory"); the bench's own (step 5 of
# run.sh) comes after the server has answered /api/health, so it is about 1 MB higher.
#
#     bash tools/bench-e2e/idle-memory.sh ROUNDS BINARY...
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: idle-memory.sh ROUNDS BINARY..." >&2; exit 2; }
rounds="$1"
shift
port="${IDLE_MEMORY_PORT:-9872}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

for round in $(seq "$rounds"); do
    for binary in "$@"; do
        rm -rf "$data" && mkdir -p "$data"
        "$binary" serve --host 127.0.0.1 --port "$port" --data-dir "$data" > /dev/null 2>&1 &
        pid=$!
        sleep 4
        kill -0 "$pid" 2> /dev/null || { echo "idle-memory: $binary did not start" >&2; exit 1; }
        status="$(grep -E '^(VmRSS|RssAnon|RssFile):' "/proc/$pid/status" | awk '{printf "%s %s kB  ", $1, $2}')"
        pss="$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")"
        echo "round $round  $binary"
        echo "  $status Pss: $pss kB"
        awk '/^[0-9a-f]+-[0-9a-f]+ / {name = ($6 == "" ? "[anonymous]" : $6)} /^Rss:/ {rss[name] += $2}
             END {for (n in rss) if (rss[n] >= 500) printf "  %8d kB  %s\n", rss[n], n}' "/proc/$pid/smaps" | sort -rn
        kill -INT "$pid"
        wait "$pid" 2> /dev/null || true
    done
done
