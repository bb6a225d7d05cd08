#!/usr/bin/env bash
# Restarts each duplistatus binary on one kept store and times `GET /api/summary` under wrk (16
# connections) while the store scrubs the lines its snapshot covers: every open that loads a
# snapshot scrubs at the maintenance thread's first tick, 5 s after the open. Waits SCRUB_AB_DELAY
# seconds after /api/health first answers (5.3), runs wrk for SCRUB_AB_SECONDS (2), then waits until
# the server is quiet and prints the seconds from the first answer to the end of its work, and the
# server's CPU seconds. Binaries alternate, ROUNDS times; medians at the end. How
# docs/performance.md compares the scrub's priority ("The scrub after a restart at background
# priority"); time the scrub on another store by sampling /proc/PID/task/*/stat first.
#
#     swift run -c release gen-fleet /tmp/fleet1m 1000000        # once: a 1M store
#     bash tools/bench-e2e/scrub-ab.sh 1 /tmp/fleet1m BINARY      # once: the first start compresses
#     bash tools/bench-e2e/scrub-ab.sh ROUNDS /tmp/fleet1m BINARY...
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: scrub-ab.sh ROUNDS DATA_DIR BINARY..." >&2; exit 2; }
rounds="$1" data="$2"
shift 2
source "$(dirname "$0")/../lib/serve.sh"
log="$(mktemp)"
results="$(mktemp)"
trap 'stop_server; rm -f "$log" "$results"' EXIT
ticks="$(getconf CLK_TCK)"

for round in $(seq "$rounds"); do
  for index in $(seq "$#"); do
    binary="${!index}"
    serve_binary scrub-ab "$log" "$binary" "$data" --fsync none
    answered=$SECONDS
    sleep "${SCRUB_AB_DELAY:-5.3}"
    summary="$(wrk -t 2 -c 16 -d "${SCRUB_AB_SECONDS:-2}s" "$base_url/api/summary" | awk '/^Requests\/sec/ {printf "%.0f", $2}')"
    wait_until_quiet
    busy=$((SECONDS - answered - quiet_seconds))
    cpu="$(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$server_pid/stat")"
    stop_server
    echo "round $round  $binary  summary under the scrub: $summary req/s; busy ${busy} s; CPU $cpu s"
    echo "$index ${summary:-0} $busy $cpu" >> "$results"
  done
done

for index in $(seq "$#"); do
  binary="${!index}"
  awk -v i="$index" -v b="$binary" 'BEGIN {n = 0} $1 == i {s[n] = $2; u[n] = $3; c[n] = $4; n++}
    function median(a,    k, j, t) { for (k = 0; k < n; k++) for (j = k + 1; j < n; j++) if (a[j] < a[k]) { t = a[k]; a[k] = a[j]; a[j] = t }
                                    return n % 2 ? a[int(n / 2)] : (a[n / 2 - 1] + a[n / 2]) / 2 }
    END {printf "%s: medians of %d rounds: summary %s req/s, busy %s s, CPU %s s\n", b, n, median(s), median(u), median(c)}' "$results"
done
