"""Warm `make_brief` times of the newsfuse on the import path, to compare two versions side by side.

    .venv/bin/python benchmarks/warm_brief.py                                   # this tree
    git worktree add /tmp/nf_old <commit>
    PYTHONPATH=/tmp/nf_old/src .venv/bin/python benchmarks/warm_brief.py       # the other version

Prints which newsfuse it imported, then for the four seeds, DUC 2004 d30001t and DUC 2006 D0601A
(default and --fast) the median of ``--repeat`` warm briefs after one untimed call. Run the two
versions one after the other (and once more) on a quiet machine; on a shared one only ratios
between neighbouring runs mean anything. Reads ../shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import newsfuse
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings

    print("newsfuse from", Path(newsfuse.__file__).parent)
    specs = {
        "4 seeds": dict(inputs=[str(SHARED / "seeds")]),
        "DUC 2004 d30001t": dict(inputs=[str(SHARED / "data/mds/duc2004_task2.jsonl")], cluster="d30001t"),
        "DUC 2006 D0601A": dict(inputs=[str(SHARED / "data/mds/duc2006.jsonl")], cluster="D0601A"),
    }
    for name, spec in specs.items():
        articles = read_articles(spec["inputs"], cluster=spec.get("cluster"))
        for fast in (False, True):
            settings = Settings(fast=fast)
            make_brief(articles, settings)
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                make_brief(articles, settings)
                times.append(time.perf_counter() - t)
            print(f"{name}, {'--fast' if fast else 'default'}: {statistics.median(times):.3f} s", flush=True)


if __name__ == "__main__":
    main()
