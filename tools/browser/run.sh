#!/usr/bin/env bash
# Browser test suite: headless Chromium (Debian's chromium and chromium-driver, installed by
# .ci/run) driven by Selenium (PyPI, pinned, in a venv) through every web page of the real
# duplistatus binary, with a data directory filled from the real sample reports.
#
# Then walks the sign-in flow on a second server started with an admin password (signin.py).
#
# Saves the screenshots under docs/screenshots/. Only loopback traffic; PyPI is reached once to
# fill the venv, and nothing is downloaded at test time (the driver path is given, so Selenium
# Manager stays idle).
#
# Environment knobs: BROWSER_SAMPLES (default ../shared/samples/duplicati-reports),
# BROWSER_DAYS (days of history per job, default 40).
set -euo pipefail
cd "$(dirname "$0")/../.."

work=.build-browser
samples="${BROWSER_SAMPLES:-../shared/samples/duplicati-reports}"
days="${BROWSER_DAYS:-40}"

source tools/lib/selenium.sh
selenium_venv
source tools/lib/serve.sh
serve_duplistatus browser "$work/server.log"

"$selenium_python" tools/browser/seed.py "$base_url" "$samples" Tests/ServerTests/Fixtures "$days"
PYTHONDONTWRITEBYTECODE=1 "$selenium_python" tools/browser/suite.py "$base_url" docs/screenshots

# The sign-in flow, on a second server with an admin password and a data directory of its own.
stop_server
printf '%s\n' 'browser-suite-password' > "$serve_root/admin-password"
serve_binary browser-signin "$work/server-signin.log" "$(swift build --show-bin-path)/duplistatus" "$serve_root/signin-data" \
  --fsync none --admin-password-file "$serve_root/admin-password"
PYTHONDONTWRITEBYTECODE=1 "$selenium_python" tools/browser/signin.py "$base_url" docs/screenshots browser-suite-password
