#!/usr/bin/env bash
# Counts the server's calls to malloc per upload, for each duplistatus binary in turn: the 10k
# preset's 8,000 bodies of 16 connections into an empty data directory, `--fsync none`, as
# `upload-ab.sh` uploads them. Allocations are a cost a profile spreads over every caller; this
# is their number (docs/performance.md, "Upload CPU: fewer allocations in the parse").
#
#     sudo bash tools/bench-e2e/mallocs.sh BINARY...
#
# Needs root, perf, wrk and the workload files of `bash tools/bench-e2e/run.sh 10k`. perf counts
# malloc through a uprobe on the C library (`perf probe`, added once and kept), which slows each
# call down: the CPU and rates of such a run mean nothing, only the count.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: mallocs.sh BINARY..." >&2; exit 2; }
files="$(ls -d .build-e2e/files-10k-* 2> /dev/null | tail -1 || true)"
[ -f "$files/complete" ] || { echo "mallocs: no workload files; run bash tools/bench-e2e/run.sh 10k first" >&2; exit 1; }
libc="$(ldd "$1" | awk '$1 ~ /^libc\.so/ {print $3}')"
[ -n "$libc" ] || { echo "mallocs: $1 does not load the C library dynamically" >&2; exit 1; }
perf probe -l 2> /dev/null | grep -q 'probe_libc:malloc ' || perf probe -q -x "$libc" malloc
port="${MALLOCS_PORT:-9879}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT

for binary in "$@"; do
    mkdir -p "$work/data" && rm -rf "${work:?}/data/"*
    "$binary" serve --host 127.0.0.1 --port "$port" --data-dir "$work/data" --fsync none \
        --keep-replaced-minutes 0 > "$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break; sleep 0.05; done
    kill -0 "$pid" 2> /dev/null || { echo "mallocs: $binary did not start (port $port taken?)" >&2; exit 1; }
    sleep 1
    perf stat -x, -e probe_libc:malloc -p "$pid" -o "$work/count" > /dev/null 2>&1 &
    stat=$!
    sleep 0.5
    kill -0 "$stat" 2> /dev/null || { echo "mallocs: perf could not attach to the server" >&2; exit 1; }
    wrk -t 2 -c 16 -d 1h --timeout 120s -s tools/bench-e2e/upload.lua "http://127.0.0.1:$port" -- "$files/c16" \
        > "$work/wrk.log" 2>&1 &
    wrk=$!
    until [ "$(grep -c e2e-done "$work/wrk.log")" -ge 2 ]; do
        kill -0 "$wrk" 2> /dev/null || { echo "mallocs: wrk stopped early" >&2; cat "$work/wrk.log" >&2; exit 1; }
        sleep 0.1
    done
    kill -INT "$wrk" "$stat"
    wait "$wrk" "$stat" 2> /dev/null || true
    kill -INT "$pid"
    wait "$pid" 2> /dev/null || true
    uploads="$(awk '/^e2e-done/ {sum += $3} END {print sum + 0}' "$work/wrk.log")"
    awk -F, -v n="$uploads" -v b="$binary" '$3 == "probe_libc:malloc" {printf "%s: %.1f mallocs per upload (%d uploads)\n", b, $1 / n, n}' "$work/count"
done
