# shellcheck shell=bash
# What upload-ab.sh, reads-ab.sh and mallocs.sh share: a build served on a loopback port, and the 10k preset's
# bodies sent to it by wrk (tools/bench-e2e/upload.lua).
#
#     source tools/bench-e2e/uploads.sh
#     preset_files NAME                                    # sets files, or exits saying how to make them
#     start_server NAME "BINARY [args]" DATA LOG PORT FSYNC  # sets server_pid once /api/health answers
#     send_bodies NAME PORT PREFIX THREADS CONNECTIONS LOG # returns once every body was sent; sets wrk_pid
#     uploads_answered NAME LOG                            # prints the uploads answered 201
#     cpu_ticks PID                                        # prints the process's CPU so far, in clock ticks
#     median_column FILE COLUMN                            # prints a column's values, sorted, then their median
#     record_stacks PID FILE [EVENT]                       # perf records PID's stacks into FILE; sets perf_pid
#
# A BINARY may carry arguments of its own in the same word ("BINARY --handoff"): they come before
# `serve` (tools/bench-http-floor takes a duplistatus's place). NAME prefixes the messages.

preset_files() {
    files="$(ls -d .build-e2e/files-10k-* 2> /dev/null | tail -1 || true)"
    [ -f "$files/complete" ] || { echo "$1: no workload files; run bash tools/bench-e2e/run.sh 10k first" >&2; exit 1; }
}

start_server() {
    local name="$1" data="$3" log="$4" port="$5" fsync="$6" command
    read -r -a command <<< "$2"
    "${command[@]}" serve --host 127.0.0.1 --port "$port" --data-dir "$data" --fsync "$fsync" \
        --keep-replaced-minutes 0 > "$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/api/health" > /dev/null && break; sleep 0.05; done
    # Another process on the port would answer in its place.
    kill -0 "$server_pid" 2> /dev/null || { echo "$name: $2 did not start (port $port taken?)" >&2; cat "$log" >&2; exit 1; }
}

send_bodies() {
    local name="$1" port="$2" prefix="$3" threads="$4" connections="$5" log="$6"
    # Emptied here: the background wrk truncates it only once it runs, and the loop below would
    # find the previous round's e2e-done lines first.
    : > "$log"
    wrk -t "$threads" -c "$connections" -d 1h --timeout 120s -s tools/bench-e2e/upload.lua \
        "http://127.0.0.1:$port" -- "$prefix" > "$log" 2>&1 &
    wrk_pid=$!
    # Each wrk thread says e2e-done once its bodies are all answered; wrk itself runs on.
    until [ "$(grep -c e2e-done "$log")" -ge "$threads" ]; do
        kill -0 "$wrk_pid" 2> /dev/null || { echo "$name: wrk stopped early" >&2; cat "$log" >&2; exit 1; }
        sleep 0.05
    done
}

uploads_answered() {
    local name="$1" log="$2" uploads
    if grep -q e2e-failure "$log"; then grep e2e-failure "$log" >&2; exit 1; fi
    uploads="$(awk '/^e2e-done/ {sum += $3} END {print sum + 0}' "$log")"
    [ "$uploads" -gt 0 ] || { echo "$name: no upload was answered 201" >&2; cat "$log" >&2; exit 1; }
    echo "$uploads"
}

cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

# Samples the CPU at 2 kHz, or records each EVENT when one is given (sched:sched_switch,
# probe_libc:malloc); stop it with kill -INT "$perf_pid".
record_stacks() {
    local sampling=(-F 2000)
    if [ -n "${3:-}" ]; then sampling=(-e "$3"); fi
    perf record -q "${sampling[@]}" -g -p "$1" -o "$2" > /dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
}

median_column() {
    local values
    values="$(cut -d' ' -f"$2" "$1" | sort -n)"
    echo "$(echo "$values" | tr '\n' ' ')median $(echo "$values" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
}
