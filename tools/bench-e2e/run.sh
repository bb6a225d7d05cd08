#!/usr/bin/env bash
# End-to-end benchmark: the real duplistatus over HTTP (wrk) against the Node app's SQLite, on a
# deterministic Duplicati workload. Prints a table and writes .build-e2e/result-PRESET.json;
# docs/performance.md says what each figure is.
#
#     bash tools/bench-e2e/run.sh [preset] [configuration] [bench.py options]
#
# preset: smoke (2k runs, seconds; CI), 10k, 100k (default) or 1M; configuration: release
# (default; CI's smoke run) or debug (what `swift test` builds). Needs wrk (Debian: apt-get
# install wrk) and python3. Workload files are kept per preset and day under .build-e2e/ and
# reused; 1M runs need ~25 GB of disk while running (~25 min, +10 to write the files).
# E2E_UPLOAD_DEADLINE (seconds, default 3600) bounds each upload run: a server that stops
# answering fails the benchmark rather than holding it (check-deadline.py shows it; CI runs it).
set -euo pipefail
cd "$(dirname "$0")/../.."

preset="${1:-100k}"
configuration="${2:-release}"
shift $(($# < 2 ? $# : 2))
command -v wrk >/dev/null || { echo "bench-e2e: needs wrk (apt-get install wrk)" >&2; exit 1; }

swift build -c "$configuration" --product duplistatus
binary="$(swift build -c "$configuration" --show-bin-path)/duplistatus"
echo "bench-e2e: $preset, $configuration build at $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
PYTHONDONTWRITEBYTECODE=1 python3 tools/bench-e2e/bench.py "$preset" "$binary" .build-e2e --configuration "$configuration" "$@"
