#!/usr/bin/env bash
# Times one GET in each duplistatus binary in turn and prints, per binary, every round's figures
# (sorted) and their medians: at one connection (wrk -t 1 -c 1, 5 s) the requests/s, p50 and p99 and the
# server's CPU per request, then under load (wrk -t 2 -c 16, 5 s) the requests/s and CPU per
# request. Each round starts the binary on an empty data directory and uploads the 10k preset's
# first 2,000 bodies (one connection) before timing. Binaries alternate, ROUNDS times, so a shared
# machine's load falls on all of them alike; upload-ab.sh's counterpart for reads
# (docs/performance.md, "Upload CPU: a connection's requests on its event loop").
#
#     bash tools/bench-e2e/reads-ab.sh ROUNDS PATH BINARY...      # e.g. 5 /api/summary
#
# Needs wrk and the workload files of `bash tools/bench-e2e/run.sh 10k`. READS_AB_PERF=DIR records
# the sixteen-connection run of each binary's first round with `perf record -F 2000 -g` into
# DIR/N.data (N: the binary's position); read one with
#     perf script -i DIR/N.data -F comm,tid,ip,sym | python3 tools/bench-e2e/profile-stacks.py --within .
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 3 ] || { echo "usage: reads-ab.sh ROUNDS PATH BINARY..." >&2; exit 2; }
rounds="$1" path="$2"
shift 2
source tools/bench-e2e/uploads.sh
preset_files reads-ab
port="${READS_AB_PORT:-9874}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
ticks="$(getconf CLK_TCK)"

# One wrk run against the server, recorded by perf into RECORD when one is given: prints
# "requests/s p50-µs p99-µs CPU-µs-per-request".
timed_wrk() {
    local pid="$1" threads="$2" connections="$3" record="${4:-}" before after output perf=""
    if [ -n "$record" ]; then
        record_stacks "$pid" "$record"
        perf=$perf_pid
    fi
    before="$(cpu_ticks "$pid")"
    output="$(wrk -t "$threads" -c "$connections" -d 5s --latency "http://127.0.0.1:$port$path")"
    after="$(cpu_ticks "$pid")"
    if [ -n "$perf" ]; then kill -INT "$perf"; wait "$perf" 2> /dev/null || true; fi
    if echo "$output" | grep -q -E "Non-2xx|Socket errors"; then echo "reads-ab: GET $path failed" >&2; echo "$output" >&2; return 1; fi
    echo "$output" | awk -v b="$before" -v a="$after" -v t="$ticks" '
        function micros(text) {
            if (text ~ /us$/) return text + 0
            if (text ~ /ms$/) return text * 1000
            return text * 1000000
        }
        /^Requests\/sec/ { rate = $2 }
        $1 == "50%" { p50 = micros($2) }
        $1 == "99%" { p99 = micros($2) }
        END {
            if (rate <= 0 || p50 == "" || p99 == "") exit 1
            printf "%.0f %.0f %.0f %.1f\n", rate, p50, p99, (a - b) / t * 1e6 / (rate * 5)
        }'
}

# One round of a binary: prints its one-connection then its sixteen-connection figures.
measure() {
    local binary="$1" record="$2"
    rm -rf "$work/data" && mkdir -p "$work/data"
    start_server reads-ab "$binary" "$work/data" "$work/server.log" "$port" none
    send_bodies reads-ab "$port" "$files/c1" 1 1 "$work/wrk.log"
    kill -INT "$wrk_pid"
    wait "$wrk_pid" 2> /dev/null || true
    uploads_answered reads-ab "$work/wrk.log" > /dev/null
    # Each in a variable of its own, so a failed run stops the script (set -e) rather than
    # shifting the other run's figures into its columns.
    local one sixteen
    one="$(timed_wrk "$server_pid" 1 1)"
    sixteen="$(timed_wrk "$server_pid" 2 16 "$record")"
    echo "$one $sixteen"
    kill -INT "$server_pid"
    wait "$server_pid" 2> /dev/null || true
}

for round in $(seq "$rounds"); do
    index=0
    for binary in "$@"; do
        index=$((index + 1))
        record=""
        if [ -n "${READS_AB_PERF:-}" ] && [ "$round" = 1 ]; then mkdir -p "$READS_AB_PERF" && record="$READS_AB_PERF/$index.data"; fi
        measure "$binary" "$record" >> "$work/$index.figures"
    done
    echo "round $round of $rounds done" >&2
done

# Column COLUMN of binary INDEX's rounds, sorted, then the middle one.
column() { median_column "$work/$1.figures" "$2"; }

index=0
for binary in "$@"; do
    index=$((index + 1))
    echo "$binary (GET $path, $rounds rounds)"
    echo "  1 connection, requests/s:      $(column "$index" 1)"
    echo "  1 connection, p50 µs:          $(column "$index" 2)"
    echo "  1 connection, p99 µs:          $(column "$index" 3)"
    echo "  1 connection, CPU µs/request:  $(column "$index" 4)"
    echo "  16 connections, requests/s:    $(column "$index" 5)"
    echo "  16 connections, CPU µs/request: $(column "$index" 8)"
done
