"""Does an update brief cost more than a brief of everything? Side by side, warm, in one process.

    .venv/bin/python benchmarks/update_speed.py [--topics 4] [--repeat 3]

For each of the first ``--topics`` DUC 2007 update topics: the update brief of set C for a reader
of A and B (``make_brief(C, earlier=A+B)``) against the ordinary brief of A, B and C together
(``make_brief(A+B+C)``), in default and fast mode; medians of ``--repeat`` timed calls after one
untimed call. Reads ../shared/data/mds/duc2007_update.jsonl.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "mds" / "duc2007_update.jsonl"


def _median_time(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from newsfuse.briefing import make_brief
    from newsfuse.evaluate.update_eval import load_update
    from newsfuse.settings import Settings

    topics = load_update(DATA)[: args.topics]
    print(f"| mode | topic | articles (A+B / C) | brief of A+B+C | update brief of C since A+B | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    for fast in (False, True):
        settings = Settings(fast=fast)
        ratios = []
        for topic in topics:
            old = [*topic.sets["A"].articles, *topic.sets["B"].articles]
            new = list(topic.sets["C"].articles)
            union = _median_time(lambda: make_brief([*old, *new], settings), args.repeat)
            update = _median_time(lambda: make_brief(new, settings, earlier=old), args.repeat)
            ratios.append(update / union)
            print(f"| {'fast' if fast else 'default'} | {topic.id} | {len(old)} / {len(new)} | {union:.2f} s | "
                  f"{update:.2f} s | {update / union:.2f} |")
        print(f"| {'fast' if fast else 'default'} | median ratio | | | | {statistics.median(ratios):.2f} |")


if __name__ == "__main__":
    main()
