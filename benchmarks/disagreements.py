"""The disagreement sentences of the first DUC 2004 clusters, with the passage of each value, for a hand check.

    .venv/bin/python benchmarks/disagreements.py --clusters 40            # default mode
    .venv/bin/python benchmarks/disagreements.py --clusters 40 --fast

For each of the first ``--clusters`` clusters of ../shared/data/mds/duc2004_task2.jsonl it
briefs the cluster and prints every disagreement sentence of the summary, then for each
value the outlets stating it and the passage around its first citation; last, how many
sentences there were and how many ``conflict`` figure groups the figures tables held.
Whether two outlets really disagree is read by hand (docs/evaluation.md gives the count).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=40)
    parser.add_argument("--fast", action="store_true")
    args = parser.parse_args()

    from newsfuse.briefing import make_brief
    from newsfuse.readers.mds import mds_document
    from newsfuse.settings import Settings

    said = conflicts = 0
    with open(SHARED / "data" / "mds" / "duc2004_task2.jsonl", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= args.clusters:
                break
            rec = json.loads(line)
            docs = (mds_document(d, source=f"{rec['id']}/{i}") for i, d in enumerate(rec["documents"]))
            brief = make_brief([a for a in docs if a], Settings(fast=args.fast))
            conflicts += sum(g.status == "conflict" for g in brief.figures)
            for d in brief.disagreements:
                said += 1
                print(f"{rec['id']}: {d.text}")
                for v in d.values:
                    c = v.citations[0]
                    text = brief.source(c.source_id).article.text
                    print(f"    {','.join(v.sources)}: ...{' '.join(text[max(0, c.start - 110):c.end + 90].split())}...")
    print(f"{said} disagreement sentences; {conflicts} conflict groups in the figures tables ({args.clusters} clusters)")


if __name__ == "__main__":
    main()
