#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver for the browser test (tests/web/test_browser.py).
# Playwright drives /usr/bin/chromium through executable_path; no test tool downloads a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "newsfuse setup: error: /usr/bin/chromium is missing and this user cannot install it; run 'apt-get install -y chromium chromium-driver' as root" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
