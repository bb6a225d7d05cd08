#!/usr/bin/env bash
# Restarts each duplistatus binary on one kept store and times `GET /api/summary` under wrk (16
# connections) while the store scrubs the lines its snapshot covers: every open that loads a
# snapshot scrubs at the maintenance thread's first tick, 5 s after the open. Waits SCRUB_AB_DELAY
# seconds after /api/health first answers (5.3), runs wrk for SCRUB_AB_SECONDS (2), then waits until
# the server is quiet and prints the seconds from the first answer to the end of its work, and the
# server's CPU seconds. Binaries alternate, ROUNDS times; medians at the end. How
# docs/performance.md compares the scrub's priority ("The scrub after a restart at background
# priority"). With SCRUB_AB_TRACE=1 it also prints, for each thread that used 0.5 s of CPU or
# more after the first answer, its nice value, when it worked (seconds after the answer) and its
# CPU: that is how the scrub was timed, so the delay can be set for another store.
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
samples="$(mktemp)"
trap 'stop_server; rm -f "$log" "$results" "$samples"' EXIT
ticks="$(getconf CLK_TCK)"

# Every 0.2 s: "seconds-since-start tid nice cpu-ticks" for each of the server's threads.
sample_threads() {
  local pid="$1" start=$EPOCHREALTIME
  while kill -0 "$pid" 2>/dev/null; do
    for task in /proc/"$pid"/task/*; do
      awk -v now="$EPOCHREALTIME" -v start="$start" '{sub(/^.*\) /, ""); printf "%.1f %s %s %s\n", now - start, FILENAME, $17, $12 + $13}' "$task/stat" 2>/dev/null || true
    done
    sleep 0.2
  done
}

# Reads sample_threads' lines: the threads that worked, when, at which nice value, how much.
print_busy_threads() {
  awk -v t="$ticks" '{split($2, path, "/"); tid = path[5]
      if (!(tid in first)) {first[tid] = $4; nice[tid] = $3}
      if ($4 > last[tid]) {if (!(tid in from) && $4 > first[tid]) from[tid] = $1; to[tid] = $1; last[tid] = $4}}
    END {for (tid in last) if ((last[tid] - first[tid]) / t >= 0.5)
      printf "    thread %s, nice %s: %.1f s of CPU between %.1f and %.1f s after the answer\n", tid, nice[tid], (last[tid] - first[tid]) / t, from[tid], to[tid]}'
}

for round in $(seq "$rounds"); do
  for index in $(seq "$#"); do
    binary="${!index}"
    serve_binary scrub-ab "$log" "$binary" "$data" --fsync none
    answered=$SECONDS
    sampler=""
    if [ -n "${SCRUB_AB_TRACE:-}" ]; then
      sample_threads "$server_pid" > "$samples" &
      sampler=$!
    fi
    sleep "${SCRUB_AB_DELAY:-5.3}"
    summary="$(wrk -t 2 -c 16 -d "${SCRUB_AB_SECONDS:-2}s" "$base_url/api/summary" | awk '/^Requests\/sec/ {printf "%.0f", $2}')"
    wait_until_quiet
    busy=$((SECONDS - answered - quiet_seconds))
    cpu="$(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$server_pid/stat")"
    if [ -n "$sampler" ]; then kill "$sampler"; wait "$sampler" 2>/dev/null || true; fi
    stop_server
    echo "round $round  $binary  summary under the scrub: $summary req/s; busy ${busy} s; CPU $cpu s"
    if [ -n "$sampler" ]; then print_busy_threads < "$samples"; fi
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
