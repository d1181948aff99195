"""Briefs before and after a change: the same JSON, timing fields aside.

    .venv/bin/python benchmarks/brief_parity.py --write /tmp/before     # on the code before
    .venv/bin/python benchmarks/brief_parity.py --against /tmp/before   # on the code after

Briefs the four seeds (../shared/seeds) and each bundled example (src/newsfuse/examples/*: each
day of a story told over days, and each day against the one before with ``--since``), in
default and ``--fast`` mode, each in a fresh ``python -m newsfuse brief ... --format json`` process
(so whatever ``PYTHONPATH`` points at is the code measured). ``meta.timings`` is dropped. With
``--write`` the JSON is saved in the folder; with ``--against`` it is compared with what the folder
holds, the first differing lines of each brief are printed and the exit status is 1 if any differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def inputs() -> dict[str, list[str]]:
    """Name -> the inputs of ``newsfuse brief``: the seeds, each example folder with articles, and
    the update briefs of a story told over several days (``dayN --since dayN-1``)."""
    out = {"seeds": [str(SEEDS)]}
    for p in sorted((REPO / "src" / "newsfuse" / "examples").iterdir()):
        days = sorted(d for d in p.iterdir() if d.is_dir()) if p.is_dir() else []
        if not days:
            out[p.name] = [str(p)]
        for i, d in enumerate(days):
            out[f"{p.name}-{d.name}"] = [str(d)]
            if i:
                out[f"{p.name}-{d.name}-since-{days[i - 1].name}"] = [str(d), "--since", str(days[i - 1])]
    return out


def brief_json(args: list[str], fast: bool) -> str:
    """The brief of ``args`` as indented JSON, ``meta.timings`` removed."""
    cmd = [sys.executable, "-m", "newsfuse", "brief", *args, "--format", "json", "-q"] + (["--fast"] if fast else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"brief_parity: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-400:]}")
    data = json.loads(proc.stdout)
    data.get("meta", {}).pop("timings", None)
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return _paths(text.replace(str(REPO), "<repo>"))  # the same briefs from two checkouts


def _paths(text: str) -> str:
    """The seeds' folder named ``<seeds>`` wherever it is (a checkout elsewhere reaches it by another path)."""
    return re.sub(r'"[^"]*/shared/seeds/', '"<seeds>/', text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="save the briefs in this folder")
    group.add_argument("--against", type=Path, help="compare the briefs with those saved in this folder")
    args = parser.parse_args()
    differ = 0
    for name, path in inputs().items():
        for fast in (False, True):
            key = f"{name}-{'fast' if fast else 'default'}.json"
            text = brief_json(path, fast)
            if args.write:
                args.write.mkdir(parents=True, exist_ok=True)
                (args.write / key).write_text(text, encoding="utf-8")
                print(f"{key}: written")
                continue
            old = _paths((args.against / key).read_text(encoding="utf-8"))
            if old == text:
                print(f"{key}: identical")
                continue
            differ += 1
            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), "before", "after", lineterm="", n=1))
            print(f"{key}: DIFFERS ({sum(1 for d in diff if d[:1] in '+-') - 2} changed lines)")
            print("\n".join(diff[:40]))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
