# shellcheck shell=bash
# The pinned Selenium (PyPI, in a venv under .build-browser/) that drives Debian's chromium and
# chromium-driver. Sourced by tools/browser/run.sh, tools/bench-pages/run.sh and tools/bench-pages/ab.sh.
#
#     source tools/lib/selenium.sh
#     selenium_venv   # sets selenium_python, or fails naming what is missing
#
# PyPI is reached once to fill the venv; the driver path is given to Selenium, so Selenium
# Manager never downloads anything at test time.

SELENIUM_VERSION=4.51.0
# 4.52.0 needs a certifi newer than the registry serves here; 4.51.0 installs with what is there.

selenium_venv() {
  local venv=.build-browser/venv tool
  for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$tool" ] || { echo "$tool is missing (apt-get install chromium chromium-driver)" >&2; return 1; }
  done
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION" || return 1
  fi
  selenium_python="$venv/bin/python"
}
