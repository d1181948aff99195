"""Where the desk's memory goes as articles arrive: ``Desk.ingest`` alone (no polling, no briefs).

    .venv/bin/python benchmarks/desk_memory.py [--articles 4000] [--hours 96] [--window-days 3] [--window-articles 2000] [--rebrief] [--trace]

The replay generator of ``tests/desk/feedserver.py`` makes the articles; they are ingested in
arrival order, 50 at a time, into a fresh store in fast mode. Every ``--every`` articles it prints
the process's resident memory (current, from /proc) and Python's traced allocations, and at the end
the allocation sites that grew most since the middle of the run. The desk's memory is the
clusterer's open window (open stories' sums, the duplicate index's shingle sets and LSH bands for
the articles of the last window), so it grows until the stream is one window long and then should
stay level; run with a window shorter than ``--hours`` to see it level off.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "desk"))

from feedserver import generate  # noqa: E402

from newsfuse.desk.desk import Desk  # noqa: E402
from newsfuse.model import Article  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402
from newsfuse.store import Store  # noqa: E402


def rss_mb() -> float:
    """Current resident memory of this process (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--hours", type=float, default=96.0)
    ap.add_argument("--window-days", type=float, default=None, help="story_window_days (default: the setting's)")
    ap.add_argument("--window-articles", type=int, default=None, help="story_window_articles (default: the setting's)")
    ap.add_argument("--every", type=int, default=500)
    ap.add_argument("--trace", action="store_true", help="also trace Python allocations (slower)")
    ap.add_argument("--rebrief", action="store_true", help="re-brief every changed story after each batch, as the watch does")
    args = ap.parse_args(argv)
    feeds = generate(args.articles, args.hours, feeds=100)
    entries = sorted((e for f in feeds for e in f.entries), key=lambda e: e.published)
    arts = [Article(id=e.slug, outlet=e.outlet, title=e.title, text="\n\n".join(e.paragraphs),
                    date=e.published.date(), url=f"http://feeds.example/{e.slug}") for e in entries]
    extra = {}
    if args.window_days is not None:
        extra["story_window_days"] = args.window_days
    if args.window_articles is not None:
        extra["story_window_articles"] = args.window_articles
    settings = Settings(fast=True, **extra)
    if args.trace:
        tracemalloc.start(4)
    middle = None
    t0 = time.perf_counter()
    print(f"| articles | simulated day | RSS MB | traced MB | s |\n|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "desk.db") as store:
        desk = Desk(store, settings)
        for k in range(0, len(arts), 50):
            desk.ingest(arts[k:k + 50])
            while args.rebrief and desk.rebrief_next() is not None:
                pass
            done = k + 50
            if done % args.every == 0 or done >= len(arts):
                traced = tracemalloc.get_traced_memory()[0] / 2**20 if args.trace else float("nan")
                day = (entries[min(done, len(entries)) - 1].published - entries[0].published).total_seconds() / 86400
                print(f"| {done} | {day:.1f} | {rss_mb():.0f} | {traced:.0f} | {time.perf_counter() - t0:.0f} |", flush=True)
            if args.trace and middle is None and done >= len(arts) // 2:
                middle = tracemalloc.take_snapshot()
        if args.trace and middle is not None:
            print("\ngrew most in the second half:")
            for st in tracemalloc.take_snapshot().compare_to(middle, "traceback")[:6]:
                frame = st.traceback[-1]
                print(f"  {st.size_diff / 2**20:+.1f} MB  {frame.filename.split('src/')[-1]}:{frame.lineno}")


if __name__ == "__main__":
    main()
