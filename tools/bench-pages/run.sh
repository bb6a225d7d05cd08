#!/usr/bin/env bash
# Page render timing at scale: fills a data directory with tools/gen-fleet (1M runs over 700 jobs
# by default), serves it with the duplistatus binary and times the dashboard, a server page and a
# run page over loopback (p50 and p90 of each, after a warm-up), then loads them in headless Chromium
# (browser.py). Figures go to docs/performance.md.
#
#     bash tools/bench-pages/run.sh [runs] [jobs] [servers] [configuration]
#
# configuration is debug (default) or release; the data directory is made once per figure set
# under .build-pages/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-1000000}"
jobs="${2:-700}"
servers="${3:-100}"
configuration="${4:-debug}"
work=.build-pages
data="$work/fleet-$runs-$jobs-$servers"
mkdir -p "$work"

swift build -c "$configuration" --product duplistatus
swift build -c "$configuration" --product gen-fleet
bin="$(swift build -c "$configuration" --show-bin-path)"
if [ ! -d "$data" ]; then
  "$bin/gen-fleet" "$data" "$runs" "$jobs" "$servers"
fi

log="$work/server.log"
"$bin/duplistatus" serve --host 127.0.0.1 --port 0 --data-dir "$data" --fsync none >"$log" 2>&1 &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
base_url=""
for _ in $(seq 1 600); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
  [ -n "$base_url" ] && break
  sleep 0.2
done
[ -n "$base_url" ] || { echo "bench-pages: the server did not start" >&2; exit 1; }
# The store scrubs its files in the background after it opens; wait until that is over (busy,
# then five idle seconds), so the figures are the pages' own.
prev=$(awk '{print $14+$15}' "/proc/$server_pid/stat"); idle=0; busy=0
for _ in $(seq 1 300); do
  sleep 1
  now=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
  if [ $((now - prev)) -lt 10 ]; then idle=$((idle + 1)); else idle=0; busy=1; fi
  prev=$now
  if [ $busy -eq 1 ] && [ $idle -ge 5 ]; then break; fi
done
echo "bench-pages: machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 tools/bench-pages/measure.py "$base_url" "$configuration" "$runs" "$jobs" "$server_pid"
# The same pages as a browser loads them, scripts and their requests included (needs chromium and
# chromium-driver; skipped without them).
source tools/lib/selenium.sh
if selenium_venv; then
  "$selenium_python" tools/bench-pages/browser.py "$base_url" "$server_pid"
else
  echo "bench-pages: no browser figures"
fi
