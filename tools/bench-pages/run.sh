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

source tools/lib/serve.sh
trap stop_server EXIT
serve_binary bench-pages "$work/server.log" "$bin/duplistatus" "$data" --fsync none
wait_until_quiet
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
