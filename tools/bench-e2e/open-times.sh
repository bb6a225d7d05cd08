#!/usr/bin/env bash
# Opens one data directory with several duplistatus binaries in turn and prints each start's own
# open time (the `ms=` of its "store opened" log line), then each binary's median: how
# docs/performance.md compares two builds' restarts on the same store. The binaries alternate, so
# the drift of a shared machine falls on all of them alike.
#
#     bash tools/bench-e2e/open-times.sh DATA_DIR ROUNDS BINARY...
#
# No uploads: each start opens and stops cleanly, so every start loads the same snapshot. A 1M or
# 100k store to try it on: BENCH_E2E_KEEP=1 bash tools/bench-e2e/run.sh 1M (see run.sh).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: open-times.sh DATA_DIR ROUNDS BINARY..." >&2; exit 2; }
data="$1"
rounds="$2"
shift 2
port="${OPEN_TIMES_PORT:-9871}"
log="$(mktemp)"
times="$(mktemp)"
trap 'rm -f "$log" "$times"' EXIT

for round in $(seq "$rounds"); do
    for binary in "$@"; do
        "$binary" serve --host 127.0.0.1 --port "$port" --data-dir "$data" --fsync none > "$log" 2>&1 &
        pid=$!
        for _ in $(seq 6000); do
            curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break
            kill -0 "$pid" 2> /dev/null || { cat "$log" >&2; exit 1; }
            sleep 0.02
        done
        kill -INT "$pid"
        wait "$pid" || true
        ms="$(grep -o 'ms=[0-9]*' "$log" | head -1 | cut -d= -f2)"
        [ -n "$ms" ] || { echo "open-times: no 'store opened' line from $binary" >&2; exit 1; }
        echo "round $round: $binary $ms ms"
        echo "$binary $ms" >> "$times"
    done
done

for binary in "$@"; do
    mapfile -t sorted < <(awk -v b="$binary" '$1 == b { print $2 }' "$times" | sort -n)
    n=${#sorted[@]}
    if ((n % 2)); then median=${sorted[n / 2]}; else median=$(((sorted[n / 2 - 1] + sorted[n / 2]) / 2)); fi
    echo "$binary: median $median ms of $n starts (${sorted[*]})"
done
