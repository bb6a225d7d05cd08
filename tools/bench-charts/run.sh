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

log="$work/charts-server.log"
started=$(date +%s.%N)
"$binary" serve --host 127.0.0.1 --port 0 --data-dir "$data" --fsync none >"$log" 2>&1 &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
base_url=""
for _ in $(seq 1 3000); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
  [ -n "$base_url" ] && curl -fs "$base_url/api/health" >/dev/null && break
  sleep 0.02
done
[ -n "$base_url" ] || { echo "bench-charts: the server did not start" >&2; exit 1; }
echo "bench-charts: start until /api/health answers: $(echo "$(date +%s.%N) - $started" | bc) s; RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$server_pid/status")"
# Let the scrub the store starts after opening finish (busy, then five idle seconds).
prev=$(awk '{print $14+$15}' "/proc/$server_pid/stat"); idle=0; busy=0
for _ in $(seq 1 300); do
  sleep 1
  now=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
  if [ $((now - prev)) -lt 10 ]; then idle=$((idle + 1)); else idle=0; busy=1; fi
  prev=$now
  if [ $busy -eq 1 ] && [ $idle -ge 5 ]; then break; fi
done
echo "bench-charts: machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg); RSS $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$server_pid/status")"
python3 tools/bench-charts/measure.py "$base_url" "$server_pid"
