#!/usr/bin/env bash
# Chart timing at scale: serves a tools/gen-fleet data directory with a duplistatus binary and times
# the chart endpoints and the pages that draw charts (p50 and p90 of 50 GETs after 5 warm-up GETs,
# and the server's CPU time per GET), plus the time from start until /api/health answers.
#
#     bash tools/bench-charts/run.sh [runs] [jobs] [servers] [binary]
#
# The fleet is made once per size under .build-pages/ (shared with tools/bench-pages) with a
# release gen-fleet; binary defaults to this checkout's release duplistatus, so another build (the
# one before a change) can be measured on the same fleet.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-100000}"
jobs="${2:-700}"
servers="${3:-100}"
binary="${4:-}"
work=.build-pages
data="$work/fleet-$runs-$jobs-$servers"
mkdir -p "$work"

bin="$(swift build -c release --show-bin-path)"
if [ -z "$binary" ]; then
  swift build -c release --product duplistatus
  binary="$bin/duplistatus"
fi
if [ ! -d "$data" ]; then
  swift build -c release --product gen-fleet
  "$bin/gen-fleet" "$data" "$runs" "$jobs" "$servers"
fi

source tools/lib/serve.sh
trap stop_server EXIT
started=$(date +%s.%N)
serve_binary bench-charts "$work/charts-server.log" "$binary" "$data" --fsync none
echo "bench-charts: start until /api/health answers: $(echo "$(date +%s.%N) - $started" | bc) s; RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$server_pid/status")"
wait_until_quiet
echo "bench-charts: machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg); RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$server_pid/status")"
python3 tools/bench-charts/measure.py "$base_url" "$server_pid"
