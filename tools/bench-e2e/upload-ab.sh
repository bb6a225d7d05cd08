#!/usr/bin/env bash
# Uploads the 10k preset's bodies into each duplistatus binary in turn (an empty data directory
# each time) and prints, per binary, the server's CPU per upload and uploads/s of every round and
# their medians. Binaries alternate, ROUNDS times, so a shared machine's load falls on all of them
# alike: how docs/performance.md compares two builds ("Upload CPU: the third round").
#
#     bash tools/bench-e2e/upload-ab.sh ROUNDS FSYNC CONNECTIONS BINARY...
#
# A BINARY may carry arguments of its own, in one word with spaces ("BINARY --handoff"): they come
# before `serve` and its flags (tools/bench-http-floor takes a duplistatus's place: what HTTP, and
# with --handoff a durable commit of the bodies, cost alone). FSYNC is none, everysec or always; CONNECTIONS 1 (the preset's first 2,000 bodies,
# one wrk thread) or 16 (the other 8,000, two threads). After the uploads each round also times
# `GET /api/summary` under wrk (16 connections, 5 s) on the same server. Needs wrk and the
# workload files, which `bash tools/bench-e2e/run.sh 10k` writes (.build-e2e/files-10k-DAY; the
# newest is used). Use an odd ROUNDS: the median printed is the middle round.
#
# With perf installed each round also counts, per upload, the server's context switches and the
# CPU of its event loops, of FlatStore's threads and of the rest (`perf stat --per-thread`; the
# threads are told apart by name; duplistatus runs its request handlers on the event loops since
# ccb1a5d, Swift's thread pool before), and, as root, its calls to fdatasync.
#
# UPLOAD_AB_PERF=DIR records the uploads of each binary's first round with
# `perf record -F 2000 -g` into DIR/N.data (N: the binary's position); read one with
#     perf script -i DIR/N.data -F comm,tid,ip,sym | python3 tools/bench-e2e/profile-stacks.py
# With UPLOAD_AB_PERF_EVENT=EVENT as well, perf records that event instead of sampling the CPU:
# UPLOAD_AB_PERF_EVENT=sched:sched_switch, read with `profile-stacks.py --sleeps UPLOADS`, tells
# where the server's threads went to sleep (as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 4 ] || { echo "usage: upload-ab.sh ROUNDS FSYNC CONNECTIONS BINARY..." >&2; exit 2; }
rounds="$1" fsync="$2" connections="$3"
shift 3
source tools/bench-e2e/uploads.sh
preset_files upload-ab
case "$connections" in
    1) prefix="$files/c1" threads=1 ;;
    16) prefix="$files/c16" threads=2 ;;
    *) echo "upload-ab: CONNECTIONS is 1 or 16" >&2; exit 2 ;;
esac
port="${UPLOAD_AB_PORT:-9873}"
work="$(mktemp -d)"
# A server, wrk or perf left running by a failed round would answer the next run's requests.
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
ticks="$(getconf CLK_TCK)"
# Calls to fdatasync, counted where the kernel's syscall tracepoints are readable (root): how many
# uploads share a flush.
flush_event=""
for tracing in /sys/kernel/tracing /sys/kernel/debug/tracing; do
    if [ -d "$tracing/events/syscalls/sys_enter_fdatasync" ]; then flush_event=",syscalls:sys_enter_fdatasync"; break; fi
done

# One round: prints "CPU-µs-per-upload uploads-per-second summary-requests-per-second", then
# from perf, per upload, "context-switches event-loop-µs store-thread-µs other-µs" and the
# switches of those three groups ("-" each without perf).
measure() {
    local binary="$1" record="$2" pid perf="" stat="" started ended before after uploads summary perthread
    rm -rf "$work/data" && mkdir -p "$work/data"
    start_server upload-ab "$binary" "$work/data" "$work/server.log" "$port" "$fsync"
    pid=$server_pid
    sleep 1
    if [ -n "$record" ]; then
        record_stacks "$pid" "$record" "${UPLOAD_AB_PERF_EVENT:-}"
        perf=$perf_pid
    fi
    # Each thread's switches and CPU: how often an upload puts a thread to sleep and wakes
    # another, and which threads its CPU goes to. A thread started later counts with the thread
    # that started it.
    rm -f "$work/threads"
    if command -v perf > /dev/null; then
        perf stat --per-thread -x, -e "context-switches,task-clock$flush_event" -p "$pid" -o "$work/threads" > /dev/null 2>&1 &
        stat=$!
    fi
    before="$(cpu_ticks "$pid")"
    started="$(date +%s.%N)"
    send_bodies upload-ab "$port" "$prefix" "$threads" "$connections" "$work/wrk.log"
    ended="$(date +%s.%N)"
    after="$(cpu_ticks "$pid")"
    kill -INT "$wrk_pid"
    wait "$wrk_pid" 2> /dev/null || true
    # A perf that could not attach (perf_event_paranoid, no tools for this kernel) has ended already.
    for watcher in $perf $stat; do
        kill -INT "$watcher" 2> /dev/null || true
        wait "$watcher" 2> /dev/null || true
    done
    summary="$(wrk -t 2 -c 16 -d 5s "http://127.0.0.1:$port/api/summary" | awk '/^Requests\/sec/ {printf "%.0f", $2}')"
    kill -INT "$pid"
    wait "$pid" 2> /dev/null || true
    uploads="$(uploads_answered upload-ab "$work/wrk.log")"
    # Threads by name: NIO's event loops (which run duplistatus's handlers since ccb1a5d),
    # FlatStore's own (store-commit, store-maintain…), and the rest (Swift's pool, the main thread).
    perthread="$(awk -F, -v n="$uploads" '
        $2 ~ /^[0-9.]+$/ {
            group = $1 ~ /^NIO-/ ? "loops" : ($1 ~ /^store-/ ? "store" : "other")
            if ($4 == "context-switches") switches[group] += $2
            if ($4 == "task-clock") cpu[group] += $2 * 1000
            if ($4 ~ /fdatasync/) { flushes += $2; counted = 1 }
            seen = 1
        }
        END {
            if (!seen) { printf "- - - - - - - -"; exit }
            printf "%.2f %.1f %.1f %.1f", (switches["loops"] + switches["store"] + switches["other"]) / n,
                cpu["loops"] / n, cpu["store"] / n, cpu["other"] / n
            printf " %.2f %.2f %.2f", switches["loops"] / n, switches["store"] / n, switches["other"] / n
            if (counted) printf " %.3f", flushes / n; else printf " -"
        }' "$work/threads" 2> /dev/null || echo "- - - - - - - -")"
    awk -v b="$before" -v a="$after" -v t="$ticks" -v n="$uploads" -v s="$started" -v e="$ended" -v q="$summary" \
        -v w="$perthread" 'BEGIN {printf "%.1f %.0f %s %s\n", (a - b) / t / n * 1e6, n / (e - s), q, w}'
}

for round in $(seq "$rounds"); do
    for index in $(seq $#); do
        binary="${!index}"
        record=""
        if [ -n "${UPLOAD_AB_PERF:-}" ] && [ "$round" = 1 ]; then
            mkdir -p "$UPLOAD_AB_PERF"
            record="$UPLOAD_AB_PERF/$index.data"
        fi
        measure "$binary" "$record" >> "$work/result-$index"
    done
done
# Column COLUMN of binary INDEX's rounds, sorted, then the middle one.
column() { median_column "$work/result-$1" "$2"; }

for index in $(seq $#); do
    binary="${!index}"
    echo "$binary ($fsync, $connections connections, $rounds rounds)"
    echo "  CPU per upload µs: $(column "$index" 1)"
    echo "  uploads/s:         $(column "$index" 2)"
    echo "  summary req/s:     $(column "$index" 3)"
    echo "  per upload, from perf (a thread started during the uploads counts with its starter):"
    echo "    context switches:        $(column "$index" 4)"
    echo "    event loops' CPU µs:     $(column "$index" 5)"
    echo "    store threads' CPU µs:   $(column "$index" 6)"
    echo "    other threads' CPU µs:   $(column "$index" 7)"
    echo "    switches of the event loops, store threads, others: $(column "$index" 8); $(column "$index" 9); $(column "$index" 10)"
    echo "    calls to fdatasync:      $(column "$index" 11)"
done
