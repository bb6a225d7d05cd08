#!/usr/bin/env bash
# Property-based API fuzzing: schemathesis generates requests from docs/openapi.yaml and checks that
# no response is a 5xx (but the documented 502 of a collect whose Duplicati cannot be reached) and
# that every response matches its documented schema.
#
# Builds and starts duplistatus on a free loopback port with an empty data directory, seeds it with
# the synthetic fixtures, runs schemathesis against it, stops the server and exits with
# schemathesis' status. Only loopback traffic; PyPI is reached once to fill the venv.
#
# Environment knobs: FUZZ_MAX_EXAMPLES (per operation, default 30), FUZZ_TIME_LIMIT (seconds for
# the schemathesis run, default 900), FUZZ_SEED (reproduce a run), FUZZ_WORKERS (default 1: with
# threads, Hypothesis' ast.parse calls hit CPython 3.11's "AST constructor recursion depth mismatch").
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
work=.build-fuzz
venv="$work/venv"
max_examples="${FUZZ_MAX_EXAMPLES:-30}"
time_limit="${FUZZ_TIME_LIMIT:-900}"
workers="${FUZZ_WORKERS:-1}"

# (a) The tool, pinned, in a venv beside the build products (.build-*/ is ignored by git).
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q " $SCHEMATHESIS_VERSION\$"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# (b) The server, built like the tests build it, on a port the kernel picks.
swift build --product duplistatus
binary="$(swift build --show-bin-path)/duplistatus"
# A restore keeps the directory it replaces beside the data directory: both live under one root.
fuzz_root="$(mktemp -d "${TMPDIR:-/tmp}/duplistatus-fuzz.XXXXXX")"
data_dir="$fuzz_root/data"
log="$work/server.log"
mkdir -p "$work"
"$binary" serve --host 127.0.0.1 --port 0 --data-dir "$data_dir" --fsync none --duplicati-timeout 2 >"$log" 2>&1 &
server_pid=$!

cleanup() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$fuzz_root"
}
trap cleanup EXIT

base_url=""
for _ in $(seq 1 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "api-fuzz: the server exited during start-up:" >&2
    cat "$log" >&2
    exit 1
  fi
  base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
  if [ -n "$base_url" ] && "$venv/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/api/health', timeout=2)" "$base_url" 2>/dev/null; then
    break
  fi
  base_url=""
  sleep 0.2
done
if [ -z "$base_url" ]; then
  echo "api-fuzz: /api/health did not answer within 60 s:" >&2
  cat "$log" >&2
  exit 1
fi
echo "api-fuzz: server $server_pid at $base_url (data: $data_dir)"

# (c) Data for the operations to find: every fixture plus the generic reports the examples name.
"$venv/bin/python" tools/api-fuzz/seed.py "$base_url" Tests/ServerTests/Fixtures/synthetic-*.json

# (c') The Prometheus exposition of that data must pass promtool's lint (Debian's prometheus package).
"$venv/bin/python" -c "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1] + '/metrics', timeout=10).read())" "$base_url" \
  | promtool check metrics
echo "api-fuzz: promtool check metrics passed on /metrics"

# (d) The fuzzer: bounded examples per operation, bounded wall time. It runs inside $work so the
# caches Hypothesis and schemathesis write (.hypothesis/, .schemathesis/) stay out of the tree.
seed_args=()
if [ -n "${FUZZ_SEED:-}" ]; then seed_args=(--seed "$FUZZ_SEED"); fi
root="$PWD"
status=0
(
  cd "$work"
  PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$root/tools/api-fuzz${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=fuzz_hooks \
    timeout --signal=INT --kill-after=30 "$time_limit" \
    "$root/$venv/bin/schemathesis" run "$root/docs/openapi.yaml" \
    --url "$base_url" \
    --checks no_server_error_but_an_unreachable_peer,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$max_examples" \
    --workers "$workers" \
    --request-timeout 10 \
    --continue-on-failure \
    --generation-database none \
    --no-color \
    --report junit --report-dir report \
    "${seed_args[@]}"
) || status=$?
if [ "$status" -eq 124 ]; then echo "api-fuzz: schemathesis exceeded ${time_limit} s" >&2; fi
if [ "$status" -ne 0 ]; then
  # A 5xx is explained in the server's log, which the trap is about to leave behind in $work.
  echo "api-fuzz: failed (status $status); the server's last log lines ($log):" >&2
  tail -n 20 "$log" >&2
fi

# (e) Stop the server (the trap) and report schemathesis' verdict.
exit "$status"
