# shellcheck shell=bash
# Starts duplistatus, built like the tests build it, on a free loopback port for a tool's run,
# and stops it when the script exits. Sourced by tools/browser/run.sh and tools/api-fuzz/run.sh.
#
#     source tools/lib/serve.sh
#     serve_duplistatus NAME LOG [serve options...]
#
# The data directory lives in a fresh temporary root, removed on exit (a restore keeps the
# directory it replaces beside the data directory, so both must be under one root). Waits until
# /api/health answers (300 tries, a minute or more) and sets server_pid, base_url, data_dir and
# serve_root. It sets the script's EXIT trap (stop_duplistatus). NAME prefixes the messages.

serve_duplistatus() {
  local name="$1" log="$2"
  shift 2
  swift build --product duplistatus
  local binary
  binary="$(swift build --show-bin-path)/duplistatus"
  serve_root="$(mktemp -d "${TMPDIR:-/tmp}/duplistatus-$name.XXXXXX")"
  data_dir="$serve_root/data"
  mkdir -p "$(dirname "$log")"
  "$binary" serve --host 127.0.0.1 --port 0 --data-dir "$data_dir" --fsync none "$@" >"$log" 2>&1 &
  server_pid=$!
  trap stop_duplistatus EXIT

  base_url=""
  for _ in $(seq 1 300); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$name: the server exited during start-up:" >&2
      cat "$log" >&2
      exit 1
    fi
    base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
    if [ -n "$base_url" ] && python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/api/health', timeout=2)" "$base_url" 2>/dev/null; then
      break
    fi
    base_url=""
    sleep 0.2
  done
  if [ -z "$base_url" ]; then
    echo "$name: /api/health did not answer:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "$name: server $server_pid at $base_url (data: $data_dir)"
}

# Stops the server (TERM, then KILL after 5 s) and removes its temporary root.
stop_duplistatus() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$serve_root"
}
