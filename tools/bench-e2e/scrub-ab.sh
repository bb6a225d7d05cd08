#!/usr/bin/env bash
# Restarts each duplistatus binary on one kept store and, once /api/health answers and the
# maintenance thread has started its first tick, times `GET /api/summary` under wrk (16
# connections, 5 s) while the store scrubs the lines its snapshot covers (every open that loads a
# snapshot starts one; SCRUB_AB_DELAY sets the wait, 5.5 s). Then it waits until the server is quiet and
# prints the seconds from the answer to the end of that work, and the server's CPU seconds since
# its start. Binaries alternate, ROUNDS times; medians at the end. How docs/performance.md
# compares the maintenance thread's priority ("The scrub after a restart at background priority").
#
#     swift run -c release gen-fleet /tmp/fleet1m 1000000    # once: a 1M store; start any build on it
#     bash tools/bench-e2e/scrub-ab.sh ROUNDS DATA_DIR BINARY...  # once first, so it compresses
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
    # The maintenance thread's first tick, which starts the scrub, comes 5 s after the open.
    sleep "${SCRUB_AB_DELAY:-5.5}"
    summary="$(wrk -t 2 -c 16 -d "${SCRUB_AB_SECONDS:-5}s" "$base_url/api/summary" | awk '/^Requests\/sec/ {printf "%.0f", $2}')"
    wait_until_quiet
    # wait_until_quiet ends after five quiet seconds: they are not the scrub's.
    busy=$((SECONDS - answered - 5))
    cpu="$(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$server_pid/stat")"
    stop_server
    echo "round $round  $binary  summary under the scrub: $summary req/s; busy ${busy} s; CPU $cpu s"
    echo "$index $summary $busy $cpu" >> "$results"
  done
done

for index in $(seq "$#"); do
  binary="${!index}"
  awk -v i="$index" -v b="$binary" 'BEGIN {n = 0} $1 == i {s[n] = $2; u[n] = $3; c[n] = $4; n++}
    function median(a,    k, j, t) { for (k = 0; k < n; k++) for (j = k + 1; j < n; j++) if (a[j] < a[k]) { t = a[k]; a[k] = a[j]; a[j] = t }
                                    return n % 2 ? a[int(n / 2)] : (a[n / 2 - 1] + a[n / 2]) / 2 }
    END {printf "%s: medians of %d rounds: summary %s req/s, busy %s s, CPU %s s\n", b, n, median(s), median(u), median(c)}' "$results"
done
