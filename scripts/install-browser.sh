#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver for the browser test (tests/web/test_browser.py).
# Playwright drives /usr/bin/chromium through executable_path; no test tool downloads a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" "/usr/bin/chromium is missing" chromium chromium-driver
/usr/bin/chromium --version >&2
