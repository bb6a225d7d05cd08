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

source tools/lib/serve.sh
serve_duplistatus browser "$work/server.log"

"$venv/bin/python" tools/browser/seed.py "$base_url" "$samples" Tests/ServerTests/Fixtures "$days"
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" tools/browser/suite.py "$base_url" docs/screenshots
