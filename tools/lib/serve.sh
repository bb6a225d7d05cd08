# shellcheck shell=bash
# Starts duplistatus on a free loopback port for a tool's run. Sourced by the browser suite, the
# API fuzzer and the page and chart benchmarks.
#
#     source tools/lib/serve.sh
#     serve_duplistatus NAME LOG [serve options...]           # the debug build, a fresh data directory
#     serve_binary NAME LOG BINARY DATA_DIR [serve options...]  # any build, any data directory
#     wait_until_quiet                                          # after the store's scrub
#     stop_server
#
# Both serve functions wait until /api/health answers 200 (two minutes at most) and set
# server_pid and base_url; NAME prefixes the messages. serve_duplistatus builds the server as the
# tests build it, serves a fresh data directory with `--fsync none` in a temporary root removed on
# exit (a restore keeps the directory it replaces beside the data directory, so both must be under
# one root), sets data_dir and serve_root, and sets the script's EXIT trap (stop_duplistatus).
# serve_binary sets no trap: a caller that starts several servers in turn stops each itself.

serve_duplistatus() {
  local name="$1" log="$2" binary
  shift 2
  swift build --product duplistatus
  binary="$(swift build --show-bin-path)/duplistatus"
  serve_root="$(mktemp -d "${TMPDIR:-/tmp}/duplistatus-$name.XXXXXX")"
  data_dir="$serve_root/data"
  server_pid=""
  trap stop_duplistatus EXIT
  serve_binary "$name" "$log" "$binary" "$data_dir" --fsync none "$@"
  echo "$name: server $server_pid at $base_url (data: $data_dir)"
}

serve_binary() {
  local name="$1" log="$2" binary="$3" data="$4" deadline
  shift 4
  mkdir -p "$(dirname "$log")"
  "$binary" serve --host 127.0.0.1 --port 0 --data-dir "$data" "$@" >"$log" 2>&1 &
  server_pid=$!
  base_url=""
  deadline=$((SECONDS + 120))
  # Every 20 ms, so a benchmark can time the start-up by it.
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$name: the server exited during start-up:" >&2
      cat "$log" >&2
      exit 1
    fi
    if [ -z "$base_url" ]; then
      base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
    fi
    if [ -n "$base_url" ] && health_answers "${base_url##*:}"; then
      return 0
    fi
    sleep 0.02
  done
  echo "$name: /api/health did not answer:" >&2
  cat "$log" >&2
  exit 1
}

# Whether GET /api/health on loopback port $1 answers 200: bash's /dev/tcp, so neither curl nor
# a Python start-up stands between two tries.
health_answers() {
  local port="$1" connection status=""
  # The braces keep `2>/dev/null` to the failed connect: on `exec` itself it would stay on the shell.
  { exec {connection}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$connection"
  IFS= read -r -t 5 status <&"$connection" || true
  exec {connection}>&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}

# Waits until the server has finished the scrub the store starts after opening: busy, then five
# seconds with less than 0.1 s of CPU each, or ten such seconds if it never got busy (five
# minutes at most), so what is measured next is the pages' own work. Sets quiet_seconds.
wait_until_quiet() {
  local before now idle=0 busy=0
  before=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
  for _ in $(seq 1 300); do
    sleep 1
    now=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
    if [ $((now - before)) -lt 10 ]; then idle=$((idle + 1)); else idle=0; busy=1; fi
    before=$now
    if [ $idle -ge $((busy == 1 ? 5 : 10)) ]; then break; fi
  done
  quiet_seconds=$((busy == 1 ? 5 : 10))  # the quiet seconds it waited at the end
}

# Stops the server (TERM, then KILL after 5 s).
stop_server() {
  [ -n "${server_pid:-}" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Stops the server serve_duplistatus started and removes its temporary root.
stop_duplistatus() {
  stop_server
  rm -rf "$serve_root"
}
