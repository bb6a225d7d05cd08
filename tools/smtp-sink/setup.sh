#!/usr/bin/env bash
# Prepares the venv with aiosmtpd that the e-mail delivery tests start as their SMTP server on
# loopback (tools/smtp-sink/smtp_sink.py). PyPI is reached once to fill the venv.
set -euo pipefail
cd "$(dirname "$0")/../.."

AIOSMTPD_VERSION=1.4.6
venv=.build-smtp/venv
# The e-mail tests run this on first use; test processes started side by side wait for each other.
mkdir -p .build-smtp
exec 9> .build-smtp/setup.lock
flock -w 900 9 || { echo "smtp-sink setup: another setup held .build-smtp/setup.lock for 15 minutes" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi
echo "$venv/bin/python"
