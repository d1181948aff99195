"""Choose the update summary's novelty settings without looking at update data.

    .venv/bin/python benchmarks/choose_update.py [--data DUC.jsonl ...] [--words 100]

The DUC 2007 update sets (B, C) are where the update summary is measured, so they cannot be
where it is tuned. Instead each DUC 2006 and DUC 2007 main topic (25 documents) is cut in time
into an earlier half and a later half, and a reader is simulated who reads the summary of the
earlier half and then the update summary of the later half. The pair should cover as much of the
topic's human summaries as possible: an update that repeats what the first summary said wastes
its words, one that drops the topic's core loses what the references keep. ROUGE-2 recall of the
two summaries together (2 x ``--words`` words) against the topic's references scores a setting.

Settings tried: ``known_weight`` (the share of weight a concept keeps when the earlier half has
it), ``old_news`` (leave out sentences an earlier article already reports) and
``old_news_coverage`` (a sentence whose content words the earlier half nearly all has is old). Fast mode (TF-IDF
vectors) keeps the search quick; the selection uses no neural model except in the old-news test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "mds"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, nargs="*", default=[DATA / "duc2006.jsonl", DATA / "duc2007_main.jsonl"])
    ap.add_argument("--words", type=int, default=100)
    ap.add_argument("--limit", type=int, default=None, help="first N topics of each file")
    ap.add_argument("--weights", default="0,0.25,0.5,1")
    ap.add_argument("--coverages", default="0.7,0.8,0.9", help="old_news_coverage values tried with known_weight=1")
    args = ap.parse_args(argv)

    from newsfuse.briefing import get_pipeline, new_cluster
    from newsfuse.evaluate.datasets import load_mds
    from newsfuse.evaluate.rouge import ReferenceScorer
    from newsfuse.settings import Settings
    from newsfuse.stages.summarize import SelectorParams, order_sentences, select

    settings = Settings(fast=True, summary_words=args.words)
    pipeline = get_pipeline(settings, ("segment", "dedup", "embed"))
    scorer = ReferenceScorer(2 * args.words)
    weights = [float(w) for w in args.weights.split(",")]
    grid = [("plain", None)] + [(f"known_weight={w} old_news={o}", (w, o, 1.0)) for w, o in itertools.product(weights, (True, False))]
    grid += [(f"known_weight=1 old_news=True old_news_coverage={c}", (1.0, True, float(c))) for c in args.coverages.split(",")]
    scores: dict[str, list[float]] = {name: [] for name, _ in grid}
    for path in args.data:
        clusters = load_mds(path)[: args.limit]
        for k, c in enumerate(clusters, 1):
            docs = sorted(c.articles, key=lambda a: (a.date or __import__("datetime").date.min, a.id))
            half = len(docs) // 2
            early, late = docs[:half], docs[half:]
            first = pipeline.run(new_cluster(early))
            chosen = {ch.index: ch.text for ch in select(first, args.words, SelectorParams(support_threshold=0.38))}
            first_text = " ".join(chosen[i] for i in order_sentences(first, list(chosen)))
            plain = pipeline.run(new_cluster(late))
            upd = pipeline.run(new_cluster(late, early))
            for name, setting in grid:
                if setting is None:
                    cl, params = plain, SelectorParams(support_threshold=0.38)
                else:
                    cl, params = upd, SelectorParams(support_threshold=0.38, known_weight=setting[0], old_news=setting[1],
                                                       old_news_coverage=setting[2])
                second = " ".join(ch.text for ch in select(cl, args.words, params))
                both = f"{' '.join(first_text.split()[: args.words])} {second}"
                scores[name].append(scorer.score(both, c.references)["rouge2"].recall)
            sys.stderr.write(f"\r{path.name} {k}/{len(clusters)}")
        sys.stderr.write("\n")
    rows = sorted(((statistics.mean(v), name) for name, v in scores.items()), reverse=True)
    print(f"| setting | R-2 recall of both summaries ({len(scores['plain'])} topics, DUC 2006 + 2007 main, halves) |")
    print("|---|---:|")
    for mean, name in rows:
        print(f"| {name} | {100 * mean:.2f} |")
    print(json.dumps({name: statistics.mean(v) for name, v in scores.items()}))


if __name__ == "__main__":
    main()
