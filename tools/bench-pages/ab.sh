#!/usr/bin/env bash
# Two builds' pages in alternating rounds: each round serves a fresh copy of one gen-fleet data
# directory with each binary in turn and runs measure.py against it, so both builds see the same
# data and the same machine load. Prints each round's table under a "== BINARY round N" line.
#
#     bash tools/bench-pages/ab.sh ROUNDS FLEET_DIR BINARY_A BINARY_B
#
# FLEET_DIR is made by tools/bench-pages/run.sh (e.g. .build-pages/fleet-100000-700-100); the
# copies go under .build-pages/ab/ and are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds="$1"
fleet="$2"
shift 2
work=.build-pages/ab
runs_jobs="$(basename "$fleet" | cut -d- -f2-3)"
runs="${runs_jobs%-*}"
jobs="${runs_jobs#*-}"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

for round in $(seq 1 "$rounds"); do
  for binary in "$@"; do
    rm -rf "$work" && mkdir -p "$work" && cp -a "$fleet" "$work/data"
    "$binary" serve --host 127.0.0.1 --port 0 --data-dir "$work/data" --fsync none >"$work/server.log" 2>&1 &
    server_pid=$!
    base_url=""
    for _ in $(seq 1 600); do
      base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 | sed 's/^listening on //' || true)"
      [ -n "$base_url" ] && break
      sleep 0.2
    done
    [ -n "$base_url" ] || { cat "$work/server.log" >&2; exit 1; }
    # The store's background scrub after opening takes a few seconds; let it finish.
    sleep 20
    echo "== $binary round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    python3 tools/bench-pages/measure.py "$base_url" release "$runs" "$jobs" "$server_pid"
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  done
done
