"""Speed of `newsfuse brief`: cold start and warm briefs, default and --fast, side by side.

    .venv/bin/python benchmarks/brief_speed.py [--repeat 5] [--out docs/benchmarks.md]

Cold start: wall time of a fresh `python -m newsfuse brief ... --format json` process (median of
3). Warm: median time of `make_brief` in one process after one untimed call (models loaded), on the
four seeds, one 10-article DUC 2004 cluster and one 25-article DUC 2006 cluster. Peak RSS of the
warm process is reported too. Reads ../shared (seeds and DUC data).
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _cold(args: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsfuse", "brief", *args, "--format", "json"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _warm(articles, settings, repeat: int) -> tuple[float, dict[str, float]]:
    """Median wall time of a warm ``make_brief``, and the median time of each stage."""
    from newsfuse.briefing import make_brief

    make_brief(articles, settings)
    times, stages = [], {}
    for _ in range(repeat):
        t = time.perf_counter()
        brief = make_brief(articles, settings)
        times.append(time.perf_counter() - t)
        for name, secs in brief.meta.timings.items():
            stages.setdefault(name, []).append(secs)
    return statistics.median(times), {k: statistics.median(v) for k, v in stages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown table here")
    args = parser.parse_args()

    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings

    inputs = {
        "4 seeds": dict(inputs=[str(SHARED / "seeds")]),
        "DUC 2004 d30001t (10 articles)": dict(inputs=[str(SHARED / "data/mds/duc2004_task2.jsonl")], cluster="d30001t"),
        "DUC 2006 D0601A (25 articles)": dict(inputs=[str(SHARED / "data/mds/duc2006.jsonl")], cluster="D0601A"),
    }
    rows, stage_rows = [], []
    for label, spec in inputs.items():
        articles = read_articles(spec["inputs"], cluster=spec.get("cluster"))
        default, d_stages = _warm(articles, Settings(), args.repeat)
        fast, f_stages = _warm(articles, Settings(fast=True), args.repeat)
        rows.append((f"warm brief, {label}", default, fast))
        stage_rows.append((label, d_stages, f_stages))
    seed_args = [str(SHARED / "seeds")]
    rows.append(("cold start (process start to output), 4 seeds", _cold(seed_args), _cold(seed_args + ["--fast"])))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {args.repeat} warm runs (3 cold runs). Peak RSS of the warm process: {peak_mb:.0f} MB.",
        "",
        "| what | default (MiniLM + spaCy) | --fast (no model) | speed-up |",
        "|---|---|---|---|",
    ]
    for label, d, f in rows:
        lines.append(f"| {label} | {d:.2f} s | {f:.2f} s | {d / f:.1f}x |")
    names = list(stage_rows[0][1])
    lines += ["", "Where the warm time goes (median seconds per stage, default / --fast):", ""]
    lines.append("| cluster | " + " | ".join(names) + " |")
    lines.append("|---|" + "---|" * len(names))
    for label, d_st, f_st in stage_rows:
        cells = [f"{d_st.get(n, 0):.2f} / {f_st.get(n, 0):.2f}" for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n")


if __name__ == "__main__":
    main()
