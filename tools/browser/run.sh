#!/usr/bin/env bash
# Browser test suite: headless Chromium (Debian's chromium and chromium-driver, installed by
# .ci/run) driven by Selenium (PyPI, pinned, in a venv) through every web page of the real
# duplistatus binary, with a data directory filled from the real sample reports.
#
# Saves the screenshots under docs/screenshots/. Only loopback traffic; PyPI is reached once to
# fill the venv, and nothing is downloaded at test time (the driver path is given, so Selenium
# Manager stays idle).
#
# Environment knobs: BROWSER_SAMPLES (default ../shared/samples/duplicati-reports),
# BROWSER_DAYS (days of history per job, default 40).
set -euo pipefail
cd "$(dirname "$0")/../.."

SELENIUM_VERSION=4.51.0
work=.build-browser
# 4.52.0 needs a certifi newer than the registry serves here; 4.51.0 installs with what is there.
venv="$work/venv"
samples="${BROWSER_SAMPLES:-../shared/samples/duplicati-reports}"
days="${BROWSER_DAYS:-40}"

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$tool" ] || { echo "browser: $tool is missing (apt-get install chromium chromium-driver)" >&2; exit 1; }
done
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION"
fi

swift build --product duplistatus
binary="$(swift build --show-bin-path)/duplistatus"
root_dir="$(mktemp -d "${TMPDIR:-/tmp}/duplistatus-browser.XXXXXX")"
log="$work/server.log"
mkdir -p "$work"
"$binary" serve --host 127.0.0.1 --port 0 --data-dir "$root_dir/data" --fsync none >"$log" 2>&1 &
server_pid=$!
cleanup() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$root_dir"
}
trap cleanup EXIT

base_url=""
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { echo "browser: the server exited during start-up:" >&2; cat "$log" >&2; exit 1; }
  base_url="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/^listening on //' || true)"
  [ -n "$base_url" ] && break
  sleep 0.2
done
[ -n "$base_url" ] || { echo "browser: the server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "browser: server $server_pid at $base_url"

"$venv/bin/python" tools/browser/seed.py "$base_url" "$samples" Tests/ServerTests/Fixtures "$days"
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" tools/browser/suite.py "$base_url" docs/screenshots
