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
# call down: the CPU and rates of such a run mean nothing, only the count. With MALLOCS_PERF=DIR
# each call is recorded with its stack into DIR/N.data (N: the binary's position); group them with
#     perf script -i DIR/N.data -F comm,tid,ip,sym | python3 tools/bench-e2e/profile-stacks.py
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: mallocs.sh BINARY..." >&2; exit 2; }
source tools/bench-e2e/uploads.sh
preset_files mallocs
libc="$(ldd "$1" | awk '$1 ~ /^libc\.so/ {print $3}')"
[ -n "$libc" ] || { echo "mallocs: $1 does not load the C library dynamically" >&2; exit 1; }
perf probe -l 2> /dev/null | grep -q 'probe_libc:malloc ' || perf probe -q -x "$libc" malloc
port="${MALLOCS_PORT:-9879}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT

index=0
for binary in "$@"; do
    index=$((index + 1))
    rm -rf "$work/data" && mkdir -p "$work/data"
    start_server mallocs "$binary" "$work/data" "$work/server.log" "$port" none
    sleep 1
    if [ -n "${MALLOCS_PERF:-}" ]; then
        mkdir -p "$MALLOCS_PERF"
        record_stacks "$server_pid" "$MALLOCS_PERF/$index.data" probe_libc:malloc
        perf=$perf_pid
    else
        perf stat -x, -e probe_libc:malloc -p "$server_pid" -o "$work/count" > /dev/null 2>&1 &
        perf=$!
        sleep 0.5
    fi
    kill -0 "$perf" 2> /dev/null || { echo "mallocs: perf could not attach to the server" >&2; exit 1; }
    send_bodies mallocs "$port" "$files/c16" 2 16 "$work/wrk.log"
    kill -INT "$wrk_pid" "$perf"
    wait "$wrk_pid" "$perf" 2> /dev/null || true
    kill -INT "$server_pid"
    wait "$server_pid" 2> /dev/null || true
    uploads="$(uploads_answered mallocs "$work/wrk.log")"
    if [ -n "${MALLOCS_PERF:-}" ]; then
        calls="$(perf script -G -i "$MALLOCS_PERF/$index.data" -F ip 2> /dev/null | grep -c . || true)"
        echo "$binary: $calls calls with their stacks in $MALLOCS_PERF/$index.data ($uploads uploads)"
    else
        awk -F, -v n="$uploads" -v b="$binary" '$3 == "probe_libc:malloc" {printf "%s: %.1f mallocs per upload (%d uploads)\n", b, $1 / n, n}' "$work/count"
    fi
done
