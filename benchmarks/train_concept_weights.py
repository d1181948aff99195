"""Learn the concept weights of the summarizer from DUC 2006/2007 reference summaries.

    python benchmarks/train_concept_weights.py            # writes src/newsfuse/data/concept_weights.json

Every content bigram of every cluster in the training files is a row: its features
(``newsfuse.stages.concepts.FEATURES``, computed exactly as at run time) and the share
of the cluster's reference summaries that contain it. A logistic regression of that
share on the features (Li, Qian & Liu 2013, with a logistic rather than a linear
model) gives the probability used as the concept's weight. Only the learned numbers
are written; the data stays in ../shared/data. DUC 2004 is never read here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from newsfuse.briefing import new_cluster
from newsfuse.model import Article
from dataclasses import replace

from newsfuse.stages.concepts import FEATURES, ConceptModel, concept_table, concepts_of, unigrams_of
from newsfuse.stages.summarize import doc_info

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "mds"
TRAIN_FILES = ("duc2006.jsonl", "duc2007_main.jsonl", "duc2007_update_A.jsonl")
OUT = REPO / "src" / "newsfuse" / "data" / "concept_weights.json"
C_REG = 1.0  # inverse regularisation strength of the logistic regression
UNIGRAM_WEIGHT = 0.0  # how much a content word counts beside a bigram (chosen by cross-validation)


def _date(doc: dict) -> date | None:
    try:
        return date.fromisoformat(doc.get("date") or "")
    except ValueError:  # a few DUC dates are YYYY-DD-MM; the DOCNO has the date
        m = re.search(r"(\d{4})(\d{2})(\d{2})", doc["id"])
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def read_clusters(path: Path) -> list[tuple[str, list[Article], list[str]]]:
    """(id, articles, reference summaries) of each cluster in a DUC JSON Lines file."""
    if not path.is_file():
        sys.exit(f"train_concept_weights: {path} not found; clone the project beside ../shared")
    out = []
    for line in path.read_text("utf-8").splitlines():
        c = json.loads(line)
        arts = [
            Article(id=d["id"], outlet=d["source"], text=d["text"], title=d.get("title"), date=_date(d))
            for d in c["documents"]
        ]
        out.append((c["id"], arts, c["summaries"]))
    return out


@dataclass(frozen=True)
class Rows:
    """The training rows of one cluster."""

    cluster: str
    x: np.ndarray
    y: np.ndarray  # share of references containing the concept


def cluster_rows(cid: str, articles: list[Article], refs: list[str]) -> tuple[Rows, Rows]:
    """The bigram rows and the content-word rows of one cluster, segmented and deduplicated
    as ``newsfuse brief --fast`` does it (the selector sees the same sentences and reports)."""
    from newsfuse.briefing import get_pipeline
    from newsfuse.settings import Settings

    cluster = get_pipeline(Settings(fast=True), ("segment", "dedup")).run(new_cluster(articles))
    return rows_of_cluster(cid, cluster, refs)


def rows_of_cluster(cid: str, cluster, refs: list[str]) -> tuple[Rows, Rows]:
    """The bigram rows and the content-word rows of a segmented cluster."""
    info = doc_info(cluster)
    out = []
    for kind, label in (("bigram", concepts_of), ("unigram", unigrams_of)):
        table = concept_table(cluster.sentences, info.report_of, info.positions, kind=kind)
        ref_sets = [label(r) for r in refs]
        y = np.array([sum(1 for r in ref_sets if n in r) for n in table.names], dtype=float) / max(1, len(refs))
        out.append(Rows(cid, table.features, y))
    return out[0], out[1]


def fit_both(bigrams: list[Rows], unigrams: list[Rows], unigram_weight: float = UNIGRAM_WEIGHT, c_reg: float = C_REG) -> ConceptModel:
    """The bigram model with the content-word model attached."""
    model = fit(bigrams, c_reg)
    if unigram_weight <= 0:
        return model
    return replace(model, unigram=fit(unigrams, c_reg), unigram_weight=unigram_weight)


def fit(rows: list[Rows], c_reg: float = C_REG) -> ConceptModel:
    """A logistic regression of the reference share on the features, as a ConceptModel."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([r.x for r in rows])
    y = np.concatenate([r.y for r in rows])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature (e.g. one cluster size) carries no information
    z = (x - mean) / scale
    # Each row twice: as a positive with weight y and as a negative with weight 1 - y.
    keep_pos, keep_neg = y > 0, y < 1
    xx = np.vstack([z[keep_pos], z[keep_neg]])
    yy = np.concatenate([np.ones(keep_pos.sum()), np.zeros(keep_neg.sum())])
    ww = np.concatenate([y[keep_pos], 1 - y[keep_neg]])
    lr = LogisticRegression(C=c_reg, max_iter=2000)
    lr.fit(xx, yy, sample_weight=ww)
    return ConceptModel(
        FEATURES,
        mean,
        scale,
        lr.coef_[0].copy(),
        float(lr.intercept_[0]),
        {"trained_on": list(TRAIN_FILES), "rows": int(len(y)), "clusters": len(rows), "C": c_reg},
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA, help="folder with the DUC JSON Lines files")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("-C", type=float, default=C_REG, help="inverse regularisation strength")
    ap.add_argument("--unigram-weight", type=float, default=UNIGRAM_WEIGHT, help="weight of content words beside bigrams")
    args = ap.parse_args(argv)
    t = time.time()
    bigrams, unigrams = [], []
    for name in TRAIN_FILES:
        for cid, arts, refs in read_clusters(args.data / name):
            b, u = cluster_rows(cid, arts, refs)
            bigrams.append(b)
            unigrams.append(u)
    model = fit_both(bigrams, unigrams, args.unigram_weight, args.C)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = model.to_dict()
    args.out.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    print(f"wrote {args.out} from {len(bigrams)} clusters, {data['info']['rows']} bigrams, in {time.time() - t:.0f} s")
    print(f"  {'feature':15s} {'bigram':>8s} {'word':>8s}")
    for k, name in enumerate(FEATURES):
        word = f"{model.unigram.coef[k]:+8.3f}" if model.unigram is not None else ""
        print(f"  {name:15s} {model.coef[k]:+8.3f} {word}")


if __name__ == "__main__":
    main()
