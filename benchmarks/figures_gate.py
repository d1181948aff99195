"""What the support relation costs the figures stage: warm briefs with and without its test, side by side.

    .venv/bin/python benchmarks/figures_gate.py

For the four seeds and the DUC 2004 clusters d30001t and d30029t, in default and fast mode,
runs warm ``make_brief`` (one untimed call, then the median of 3) twice each way, alternating:
with the figures stage's ``related_sentences`` (the support relation between sentences giving
values that cannot both be true) and with a stand-in that relates every pair (the alignment as
it was before). Prints the median brief time and the figures stage's own time of each run.
On a shared machine only the stage times and neighbouring runs compare. Reads ../shared.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _cluster(cid: str):
    from newsfuse.readers.mds import mds_document

    with open(SHARED / "data" / "mds" / "duc2004_task2.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] == cid:
                return [a for a in (mds_document(d, source=f"{cid}/{i}") for i, d in enumerate(rec["documents"])) if a]
    raise SystemExit(f"{cid} not in the DUC 2004 file")


def main() -> None:
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings
    from newsfuse.stages.figures import stage as figures_stage

    real = figures_stage.related_sentences
    every_pair = lambda cluster, figures, fast: (lambda pairs: [True] * len(pairs))  # noqa: E731
    sets = {"seeds": read_articles([str(SHARED / "seeds")]), "d30001t": _cluster("d30001t"), "d30029t": _cluster("d30029t")}
    for name, articles in sets.items():
        for fast in (False, True):
            cells = []
            for gate in (False, True, False, True):
                figures_stage.related_sentences = real if gate else every_pair
                make_brief(articles, Settings(fast=fast))
                times, brief = [], None
                for _ in range(3):
                    t = time.perf_counter()
                    brief = make_brief(articles, Settings(fast=fast))
                    times.append(time.perf_counter() - t)
                cells.append(f"{'with' if gate else 'without'} {statistics.median(times):.2f} s (figures {brief.meta.timings.get('figures', 0):.3f} s)")
            figures_stage.related_sentences = real
            print(f"{name} {'fast' if fast else 'default'}: " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main()
