#!/usr/bin/env bash
# Debian packages for one need, as root or through sudo:
#   bash scripts/apt-install.sh "WHAT IS MISSING" PACKAGE...
# Without root or sudo it says what to run as root and exits with 2.
set -euo pipefail
why=$1
shift
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "newsfuse setup: error: $why and this user cannot install it; run 'apt-get install -y $*' as root" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
