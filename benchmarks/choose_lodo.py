"""Choose the summarizer's concept model by leave-one-dataset-out (issue 17, part B).

    .venv/bin/python benchmarks/choose_lodo.py [--configs uw=0,uw=0.1 ...] [--limit N] [--json OUT]

Four datasets: DUC 2004 task 2 (the half in ../shared/data, 100 words), DUC 2006 (250 words),
DUC 2007 main (250 words) and DUC 2007 update set A (100 words). For each *fold* one dataset is
held out: every candidate configuration's concept weights are learned from the other three
(``benchmarks/train_concept_weights.py``'s rows and fit, unchanged), and the configuration is
chosen by its mean ROUGE-2 recall on those three (inner score: each dataset's mean over its
clusters, then the mean of the three, so a large dataset does not decide alone). The held-out
dataset is scored only with the chosen configuration: its figure is what a method chosen without
it reaches on it. The configuration shipped is the one chosen when all four are used.

A configuration is a set of concept features (``all``, or ``all`` without the features that
describe the dataset rather than the concept: ``log_reports`` and ``sent_len``) and a content-word
weight (``uw``: how much a stemmed content word counts beside a bigram, Gillick & Favre's bigrams
with unigram concepts added). Summaries are made exactly as the ``summarize`` stage chooses
them (fast mode: the selection uses no neural model) and scored with rouge-score as ``newsfuse
eval`` does; segmentation runs once per cluster and is shared by every configuration.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "mds"
sys.path.insert(0, str(REPO / "benchmarks"))

DATASETS = (("duc2004_task2.jsonl", 100), ("duc2006.jsonl", 250), ("duc2007_main.jsonl", 250),
            ("duc2007_update_A.jsonl", 100))
DATASET_FEATURES = ("log_reports", "sent_len")  # describe the cluster or the corpus, not the concept


def parse_config(text: str) -> dict:
    """``"uw=0.1,feat=concept"`` -> {"uw": 0.1, "feat": "concept"}."""
    out = {"uw": 0.0, "feat": "all", "C": 1.0}
    for part in text.split("+"):
        key, _, value = part.partition("=")
        out[key] = value if key == "feat" else float(value)
    return out


_FITS: dict = {}  # (fold, kind, features, C) -> model: configurations share their fits


def fit_config(config: dict, bigrams, unigrams, fold: str = ""):
    """The ConceptModel of ``config`` learned from the given rows (of ``fold``: fits are shared)."""
    import train_concept_weights as tcw
    from newsfuse.stages.concepts import FEATURES

    keep = [k for k, f in enumerate(FEATURES) if config["feat"] == "all" or f not in DATASET_FEATURES]

    def fit(rows):
        key = (fold, id(rows[0]) if rows else 0, config["feat"], config["C"])
        if key not in _FITS:
            _FITS[key] = _fit(rows)
        return _FITS[key]

    def _fit(rows):
        sub = [replace(r, x=r.x[:, keep]) for r in rows]
        m = tcw.fit(sub, config["C"])
        coef = np.zeros(len(FEATURES))
        mean = np.zeros(len(FEATURES))
        scale = np.ones(len(FEATURES))
        coef[keep], mean[keep], scale[keep] = m.coef, m.mean, m.scale
        return replace(m, coef=coef, mean=mean, scale=scale)

    model = fit(bigrams)
    if config["uw"] > 0:
        model = replace(model, unigram=fit(unigrams), unigram_weight=config["uw"])
    return model


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--configs", default="uw=0,uw=0.1,feat=concept",
                    help="comma-separated configurations (keys joined by +)")
    ap.add_argument("--limit", type=int, default=None, help="first N clusters of each dataset (a quick check)")
    ap.add_argument("--json", type=Path, default=None, help="write every score here")
    args = ap.parse_args(argv)

    import train_concept_weights as tcw
    from newsfuse.briefing import get_pipeline, new_cluster
    from newsfuse.evaluate.rouge import ReferenceScorer
    from newsfuse.settings import Settings
    from newsfuse.stages.summarize import order_sentences, select
    from newsfuse.stages.summarize.stage import params_for

    configs = {c: parse_config(c) for c in args.configs.split(",")}
    t0 = time.time()
    data = {}  # dataset -> (words, [(segmented cluster, refs)], bigram rows, unigram rows)
    for name, words in DATASETS:
        settings = Settings(fast=True, summary_words=words)
        pipeline = get_pipeline(settings, ("segment", "dedup", "embed"))
        items, brows, urows = [], [], []
        for cid, arts, refs in tcw.read_clusters(args.data / name)[: args.limit]:
            cluster = pipeline.run(new_cluster(arts))
            b, u = tcw.rows_of_cluster(cid, cluster, refs)
            brows.append(b)
            urows.append(u)
            items.append((cluster, refs))
        data[name] = (words, settings, items, brows, urows)
        sys.stderr.write(f"read {name}: {len(items)} clusters ({time.time() - t0:.0f} s)\n")

    scorers = {w: ReferenceScorer(w) for w in {w for _, w in DATASETS}}
    cache: dict[tuple[str, str, str], list[float]] = {}  # (fold, config, dataset) -> R-2 per cluster

    def scores(fold: str, config: str, model, dataset: str) -> list[float]:
        key = (fold, config, dataset)
        if key not in cache:
            words, settings, items, _, _ = data[dataset]
            params = params_for(settings)
            out = []
            for cluster, refs in items:
                chosen = {c.index: c.text for c in select(cluster, words, params, model=model)}
                text = " ".join(chosen[i] for i in order_sentences(cluster, list(chosen)))
                out.append(scorers[words].score(text, refs)["rouge2"].recall)
            cache[key] = out
        return cache[key]

    names = [n for n, _ in DATASETS]
    report = {"configs": list(configs), "folds": {}}
    for held in [*names, None]:
        train = [n for n in names if n != held]
        fold = held or "all"
        inner = {}
        for cname, config in configs.items():
            model = fit_config(config, [r for n in train for r in data[n][3]], [r for n in train for r in data[n][4]], fold)
            per = {n: statistics.mean(scores(fold, cname, model, n)) for n in train}
            inner[cname] = (statistics.mean(per.values()), per, model)
            sys.stderr.write(f"fold {fold}: {cname} inner {100 * inner[cname][0]:.2f} ({time.time() - t0:.0f} s)\n")
        best = max(inner, key=lambda c: inner[c][0])
        entry = {"chosen": best, "inner": {c: {"mean": v[0], **v[1]} for c, v in inner.items()}}
        if held:
            held_scores = {c: scores(fold, c, inner[c][2], held) for c in configs}  # every config, for the record
            entry["held_out"] = {c: statistics.mean(v) for c, v in held_scores.items()}
            entry["held_out_chosen"] = entry["held_out"][best]
        report["folds"][fold] = entry

    print("| held out | chosen on the other three | held-out R-2 of the choice | " + " | ".join(configs) + " |")
    print("|---|---|---:|" + "---:|" * len(configs))
    for n in names:
        e = report["folds"][n]
        cells = " | ".join(f"{100 * e['held_out'][c]:.2f}" for c in configs)
        print(f"| {n} | {e['chosen']} | {100 * e['held_out_chosen']:.2f} | {cells} |")
    print(f"\nchosen on all four: {report['folds']['all']['chosen']} (inner means: "
          + ", ".join(f"{c} {100 * v['mean']:.2f}" for c, v in report['folds']['all']['inner'].items()) + ")")
    print(f"{time.time() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
