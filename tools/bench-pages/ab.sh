#!/usr/bin/env bash
# Two builds' pages in alternating rounds: each round serves a fresh copy of one gen-fleet data
# directory with each binary in turn and runs measure.py (and browser.py, with Chromium) against
# it, so both builds see the same data and the same machine load. Prints each round's tables under
# a "== BINARY round N" line.
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
source tools/lib/serve.sh
trap 'stop_server; rm -rf "$work"' EXIT
# The pages in Chromium as well, as run.sh does, when chromium and chromium-driver are there.
source tools/lib/selenium.sh
browser=""
if selenium_venv; then browser="$selenium_python"; else echo "bench-pages: no browser figures"; fi

for round in $(seq 1 "$rounds"); do
  for binary in "$@"; do
    rm -rf "$work" && mkdir -p "$work" && cp -a "$fleet" "$work/data"
    # The copy's dirty pages would otherwise be written back about 30 s later, in the middle of
    # the measurement (docs/performance.md, "the copy's write-back").
    sync
    serve_binary bench-pages "$work/server.log" "$binary" "$work/data" --fsync none
    wait_until_quiet
    echo "== $binary round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    python3 tools/bench-pages/measure.py "$base_url" release "$runs" "$jobs" "$server_pid"
    if [ -n "$browser" ]; then "$browser" tools/bench-pages/browser.py "$base_url" "$server_pid"; fi
    stop_server
  done
done
