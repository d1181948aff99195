"""Figure extraction and cross-document alignment scored against hand labels.

The labels (``newsfuse/data/figure_labels.json``) mark, for the first three
documents of a few DUC 2004 task 2 clusters (Over, Dang & Harman 2007, "DUC
in context"), every quantity a document states: document id, character
offsets of the number, its value, and a group name shared by the mentions of
one quantity across documents ("seats in parliament"). No article text is
stored; the texts are read from the DUC file at run time.

Two scores, each as precision / recall / F1:

- extraction: a predicted figure matches a gold one when their spans overlap
  and their values are equal (one to one, in text order); predicted dates and
  ranks are left out, since the labels do not mark them;
- alignment: over pairs of gold figures in different documents, both
  extracted, a pair is predicted when newsfuse put the two in one figure
  group, and gold when the labels give them one group name. ``recall_all``
  also counts gold pairs whose figures were not extracted.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..errors import DataError, FormatError, ReadError
from ..model import Article, Cluster
from ..settings import Settings

DEFAULT_LABELS = Path(__file__).resolve().parents[1] / "data" / "figure_labels.json"
SYSTEMS = ("newsfuse", "newsfuse-fast")
SKIPPED_KINDS = ("date", "rank")


@dataclass(frozen=True, slots=True)
class GoldFigure:
    """One hand-labelled quantity."""

    doc: str
    start: int
    end: int
    value: Any
    group: str | None


def load_labels(path: str | Path = DEFAULT_LABELS) -> dict[str, list[GoldFigure]]:
    """Cluster id -> its gold figures, from a labels file."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ReadError(f"cannot read figure labels ({e.strerror}); give --labels a labels JSON file", source=str(p)) from None
    except json.JSONDecodeError as e:
        raise FormatError(f"figure labels are not valid JSON (line {e.lineno}); fix the file", source=str(p)) from None
    try:
        return {
            c["id"]: [GoldFigure(f["doc"], int(f["start"]), int(f["end"]), f["value"], f.get("group")) for f in c["figures"]]
            for c in data["clusters"]
        }
    except (KeyError, TypeError, ValueError):
        raise FormatError("figure labels need clusters[].figures[] with doc, start, end, value; see docs/evaluation.md", source=str(p)) from None


def load_documents(data: str | Path, wanted: Iterable[str]) -> dict[str, list[Article]]:
    """The documents of the ``wanted`` clusters of a DUC JSON Lines file, as articles with the text untouched.

    The text is kept exactly as stored so that the labels' offsets index it.
    """
    wanted = set(wanted)
    out: dict[str, list[Article]] = {}
    p = Path(data)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ReadError(f"cannot read the DUC file ({e.strerror}); give the path of duc2004_task2.jsonl", source=str(p)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            raise FormatError(f"line {n} is not JSON; give a newsfuse MDS JSON Lines file", source=str(p)) from None
        if rec.get("id") not in wanted:
            continue
        arts = []
        for d in rec.get("documents", []):
            published = None
            if d.get("date"):
                try:
                    published = date.fromisoformat(d["date"][:10])
                except ValueError:
                    published = None
            arts.append(Article(id=d["id"], outlet=d.get("source") or d["id"], text=d["text"], title=d.get("title"), date=published, source=f"{p}#{d['id']}"))
        out[rec["id"]] = arts
    missing = wanted - set(out)
    if missing:
        raise DataError(f"clusters {', '.join(sorted(missing))} of the labels are not in this file; give duc2004_task2.jsonl", source=str(p))
    return out


def _num(v: Any) -> Any:
    if isinstance(v, str) and "/" in v:
        a, b = v.split("/", 1)
        return float(a) / float(b)
    if isinstance(v, (list, tuple)):
        return tuple(float(x) for x in v)
    return float(v)


def values_match(pred: Any, gold: Any) -> bool:
    """Equal values: numbers within 1e-6 relative, fractions by value, ranges end by end."""
    try:
        p, g = _num(pred), _num(gold)
    except (TypeError, ValueError):
        return False
    if isinstance(p, tuple) or isinstance(g, tuple):
        return isinstance(p, tuple) and isinstance(g, tuple) and len(p) == len(g) and all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(p, g))
    return math.isclose(p, g, rel_tol=1e-6, abs_tol=1e-9)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_cluster(gold: Sequence[GoldFigure], cluster: Cluster) -> dict[str, Any]:
    """Counts of one cluster: extraction matches and alignment pairs (see the module docstring)."""
    preds = []  # (figure, group index)
    for gi, group in enumerate(cluster.figures):
        for f in group.figures:
            if f.kind not in SKIPPED_KINDS:
                preds.append((f, gi))
    preds.sort(key=lambda x: (x[0].article_id, x[0].start))
    used: set[int] = set()
    match: dict[int, int] = {}  # gold index -> pred index
    span_only = 0
    for i, g in enumerate(gold):
        overlapping = [k for k, (f, _) in enumerate(preds) if f.article_id == g.doc and f.start < g.end and g.start < f.end]
        if overlapping:
            span_only += 1
        for k in overlapping:
            if k not in used and values_match(preds[k][0].value, g.value):
                used.add(k)
                match[i] = k
                break
    gold_pairs = {(i, j) for i in range(len(gold)) for j in range(i + 1, len(gold)) if gold[i].doc != gold[j].doc and gold[i].group and gold[i].group == gold[j].group}
    extracted_pairs = {(i, j) for i in match for j in match if i < j and gold[i].doc != gold[j].doc}
    pred_pairs = {(i, j) for (i, j) in extracted_pairs if preds[match[i]][1] == preds[match[j]][1]}
    return {
        "gold": len(gold),
        "predicted": len(preds),
        "matched": len(match),
        "span_matched": span_only,
        "gold_pairs": len(gold_pairs),
        "gold_pairs_extracted": len(gold_pairs & extracted_pairs),
        "pred_pairs": len(pred_pairs),
        "pair_tp": len(pred_pairs & gold_pairs),
    }


def run_system(name: str, articles: Sequence[Article]) -> Cluster:
    """Figures of ``articles`` by one system: ``newsfuse`` (spaCy + MiniLM) or ``newsfuse-fast`` (patterns + TF-IDF)."""
    from ..briefing import new_cluster
    from ..pipeline import Pipeline, default_stages

    settings = Settings(fast=(name == "newsfuse-fast"))
    stages = default_stages(settings, ("segment", "dedup", "parse", "embed", "figures"))
    return Pipeline(stages, settings).run(new_cluster(articles))


def evaluate(
    data: str | Path,
    labels: str | Path = DEFAULT_LABELS,
    systems: Sequence[str] = SYSTEMS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Extraction and alignment scores of each system on the labelled clusters of ``data``."""
    gold = load_labels(labels)
    docs = load_documents(data, gold)
    results: dict[str, Any] = {"clusters": sorted(gold), "documents": 0, "gold_figures": sum(len(g) for g in gold.values()), "systems": {}}
    total = len(gold) * len(systems)
    done = 0
    for name in systems:
        sums: dict[str, int] = {}
        per_cluster = {}
        n_docs = 0
        for cid in sorted(gold):
            wanted = {g.doc for g in gold[cid]}
            articles = [a for a in docs[cid] if a.id in wanted]
            n_docs += len(articles)
            counts = score_cluster(gold[cid], run_system(name, articles))
            per_cluster[cid] = counts
            for k, v in counts.items():
                sums[k] = sums.get(k, 0) + v
            done += 1
            if progress:
                progress(done, total)
        results["documents"] = n_docs
        align = _prf(sums["pair_tp"], sums["pred_pairs"], sums["gold_pairs_extracted"])
        align["recall_all"] = round(sums["pair_tp"] / sums["gold_pairs"], 4) if sums["gold_pairs"] else 0.0
        align["gold_all"] = sums["gold_pairs"]
        results["systems"][name] = {
            "extraction": _prf(sums["matched"], sums["predicted"], sums["gold"]),
            "span_recall": round(sums["span_matched"] / sums["gold"], 4) if sums["gold"] else 0.0,
            "alignment": align,
            "per_cluster": per_cluster,
        }
    return results
